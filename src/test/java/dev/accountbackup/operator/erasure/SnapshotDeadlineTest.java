package dev.accountbackup.operator.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.retention.RetentionPolicy;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When an AccountBackup's retention deletes a snapshot taken before an erasure. */
class SnapshotDeadlineTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T02:00:00Z");

    @Test
    void maxAgeGivesTheEarliestDeletion() {
        SnapshotDeadline d = SnapshotDeadline.of(RetentionPolicy.parse(null, "30d", null), true, CREATED, 3);
        assertEquals(Instant.parse("2026-12-31T02:00:00Z"), d.after());
        assertTrue(d.text().contains("first scheduled run after 2026-12-31T02:00:00Z"), d.text());
    }

    @Test
    void keepLastAloneDependsOnNewerSnapshots() {
        RetentionPolicy keep7 = RetentionPolicy.parse(7, null, null);
        SnapshotDeadline kept = SnapshotDeadline.of(keep7, true, CREATED, 2);
        assertNull(kept.after());
        assertTrue(kept.text().contains("not one of the newest 7 (2 newer now)"), kept.text());
        assertTrue(SnapshotDeadline.of(keep7, true, CREATED, 7).text().contains("next scheduled run"));
    }

    @Test
    void withoutScheduleOrRetentionNothingDeletesIt() {
        RetentionPolicy maxAge = RetentionPolicy.parse(null, "30d", null);
        assertNull(SnapshotDeadline.of(maxAge, false, CREATED, 0).after());
        assertTrue(SnapshotDeadline.of(maxAge, false, CREATED, 0).text().contains("no schedule"));
        assertTrue(SnapshotDeadline.of(RetentionPolicy.keepAll(), true, CREATED, 0)
                .text()
                .contains("no retention"));
    }
}
