package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.restore.KeySet.Sighting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The target's keys as InsertMissing's straight copy holds them: compared by value, bounded in memory. */
class KeySetTest {

    private static final ColumnSchema ID = column("id", "bigint");
    private static final ColumnSchema ORG = column("org_id", "integer");
    private static final ColumnSchema PUBLIC_ID = column("public_id", "uuid");

    @Test
    void anIntegerKeyIsFoundByValueAndASecondSightingIsTold() {
        KeySet keys = KeySet.forKey(List.of(ID), 10);
        assertTrue(keys.add(new String[] {"42"}));
        assertTrue(keys.add(new String[] {"-7"}));

        assertEquals(Sighting.PRESENT, keys.see(new String[] {"042"}));
        assertEquals(Sighting.AGAIN, keys.see(new String[] {"42"}), "the backup holds key 42 twice");
        assertEquals(Sighting.PRESENT, keys.see(new String[] {"-7"}));
        assertEquals(Sighting.MISSING, keys.see(new String[] {"43"}));
        assertEquals(Sighting.MISSING, keys.see(new String[] {"43"}), "missing keys are not held");
        assertEquals(Sighting.MISSING, keys.see(new String[] {"4.2e1"}), "unreadable here: the database judges it");
        assertEquals(Sighting.MISSING, keys.see(new String[] {"٤٢"}), "digits PostgreSQL does not read");
        assertEquals(Sighting.MISSING, keys.see(new String[] {null}));
        assertEquals(2, keys.present());
    }

    @Test
    void aUuidIsFoundWhateverWayPostgreSqlWouldReadIt() {
        KeySet keys = KeySet.forKey(List.of(PUBLIC_ID), 0);
        for (int i = 0; i < 1000; i++) {
            keys.add(new String[] {String.format("%08x-0000-4000-8000-%012x", i, i)});
        }
        assertEquals(Sighting.PRESENT, keys.see(new String[] {"{0000002A-0000-4000-8000-00000000002A}"}));
        assertEquals(Sighting.AGAIN, keys.see(new String[] {"0000002a000040008000-00000000002a"}));
        assertEquals(Sighting.MISSING, keys.see(new String[] {"0000002a-0000-4000-8000-00000000002b"}));
        assertEquals(Sighting.MISSING, keys.see(new String[] {"0000002a-0000-4000-8000-00000000002"}));
    }

    @Test
    void aKeyOfSeveralColumnsComparesEachByValue() {
        KeySet keys = KeySet.forKey(List.of(ORG, PUBLIC_ID), 0);
        keys.add(new String[] {"3", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"});

        assertEquals(Sighting.PRESENT, keys.see(new String[] {"+3", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"}));
        assertEquals(Sighting.MISSING, keys.see(new String[] {"4", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}));
    }

    @Test
    void keysWhoseTextIsNotTheirValueAreNotHeld() {
        assertNull(KeySet.forKey(List.of(column("email", "text")), 0));
        assertNull(KeySet.forKey(List.of(ID, column("at", "timestamp with time zone")), 0));
        assertFalse(KeySet.fits(List.of(column("amount", "numeric")), 1));
    }

    @Test
    void memoryIsBounded() {
        assertTrue(KeySet.fits(List.of(ID), 3_000_000));
        assertFalse(KeySet.fits(List.of(ID), 4_000_000), "more integer keys than fit in 64 MiB");
        assertFalse(KeySet.fits(List.of(PUBLIC_ID), 2_000_000));

        KeySet keys = KeySet.forKey(List.of(ID), 0);
        String[] key = new String[1];
        long added = 0;
        while (added < 10_000_000) {
            key[0] = Long.toString(added);
            if (!keys.add(key)) {
                break;
            }
            added++;
        }
        assertTrue(added > 3_000_000 && added < 4_000_000, "held " + added + " keys before refusing more");
    }

    private static ColumnSchema column(String name, String type) {
        return new ColumnSchema(name, 1, type, false, false, false, '\0', null, null, null, 0);
    }
}
