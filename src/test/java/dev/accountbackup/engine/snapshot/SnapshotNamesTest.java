package dev.accountbackup.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SnapshotNamesTest {

    /** The identifier rules of CreateDBSnapshot and CreateDBClusterSnapshot (the stricter 63-character limit). */
    private static void assertValid(String name) {
        assertTrue(name.matches("[a-z][a-z0-9-]*"), name);
        assertTrue(!name.contains("--") && !name.endsWith("-"), name);
        assertTrue(name.length() <= 63, name + " has " + name.length() + " characters");
    }

    @Test
    void readableForOrdinaryNames() {
        String name = SnapshotNames.forRun("shop", "nightly", "20261126T020000Z");
        assertValid(name);
        assertTrue(name.matches("accountbackup-shop-nightly-20261126t020000z-[0-9a-f]{8}"), name);
    }

    @Test
    void backupsWhoseNamesReadAlikeGetDistinctSnapshots() {
        assertNotEquals(
                SnapshotNames.forRun("shop-prod", "nightly", "20261126T020000Z"),
                SnapshotNames.forRun("shop", "prod-nightly", "20261126T020000Z"));
    }

    @Test
    void otherCharactersBecomeHyphensAndADistinguishingHash() {
        String dotted = SnapshotNames.forRun("shop", "nightly.v2", "20261126T020000Z");
        String hyphened = SnapshotNames.forRun("shop", "nightly-v2", "20261126T020000Z");
        assertValid(dotted);
        assertTrue(dotted.startsWith("accountbackup-shop-nightly-v2-20261126t020000z-"), dotted);
        assertTrue(hyphened.startsWith("accountbackup-shop-nightly-v2-20261126t020000z-"), hyphened);
        assertNotEquals(dotted, hyphened);
        assertValid(SnapshotNames.forRun("a--b", "x_", "-1-"));
    }

    @Test
    void longNamesAreShortenedAndStayDistinct() {
        String longName = "a-very-long-backup-name-that-goes-on-and-on";
        String one = SnapshotNames.forRun("payments-production", longName, "20261126T020000Z");
        String two = SnapshotNames.forRun("payments-production", longName, "20261127T020000Z");
        assertValid(one);
        assertValid(two);
        assertNotEquals(one, two);
        assertEquals(one, SnapshotNames.forRun("payments-production", longName, "20261126T020000Z"), "deterministic");
    }
}
