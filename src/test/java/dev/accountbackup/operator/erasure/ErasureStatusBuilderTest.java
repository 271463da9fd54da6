package dev.accountbackup.operator.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountErasureStatus;
import dev.accountbackup.api.ErasedBackupStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.erasure.ErasureEntry;
import dev.accountbackup.operator.erasure.ErasureOutcome.ErasedBackup;
import dev.accountbackup.operator.erasure.ErasureOutcome.PredatingSnapshot;
import dev.accountbackup.operator.erasure.ErasureOutcome.Recorded;
import dev.accountbackup.operator.erasure.ErasureOutcome.State;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.jobs.TestJobs;
import dev.accountbackup.operator.status.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statuses of an AccountErasure, built as pure functions of the current status, the generation and a step. */
class ErasureStatusBuilderTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    private static final Instant NOW = T0.plusSeconds(30);
    private static final Instant LOCK_ENDS = Instant.parse("2027-01-05T02:00:00Z");
    private static final ErasureEntry ENTRY = new ErasureEntry(
            "e-5f1c0a9e2b7d4c3a8e6f1b20",
            "public.users",
            List.of("a".repeat(64), "b".repeat(64)),
            T0,
            "DSR-2026-0042",
            "k");
    private static final Recorded RECORDED =
            new Recorded(ENTRY, true, "file:///backups/shop/_erasures/", "1-7b2e0c41d9a3f856");

    @Test
    void aPurgeShowsEachBackupsOutcomeWithCountsAndLockEnds() {
        ErasureOutcome outcome = new ErasureOutcome(
                RECORDED,
                List.of(
                        new ErasedBackup(
                                "shop/nightly",
                                "20261205T020000Z",
                                State.Purged,
                                T0.plusSeconds(5),
                                Map.of("public.users", 2L, "public.user_identities", 3L),
                                null,
                                null,
                                null),
                        new ErasedBackup(
                                "shop/weekly", "20261201T020000Z", State.Locked, null, null, LOCK_ENDS, null, null)),
                4,
                List.of(new PredatingSnapshot("shop-nightly-1", "eu-west-1", T0.minusSeconds(3600), null, "kept")),
                List.of());
        AttemptHandle<ErasureOutcome, ErasureAttempt> job = TestJobs.succeeded(1, T0, NOW, 1, attempt(true), outcome);

        AccountErasureStatus s = new ErasureStatusBuilder(null, 1, NOW).succeeded(job);

        assertEquals(Phase.Succeeded, s.getPhase());
        assertEquals(
                "recorded erasure e-5f1c0a9e2b7d4c3a8e6f1b20 (reference DSR-2026-0042): 2 account(s) of public.users,"
                        + " ledger version 1-7b2e0c41d9a3f856; 1 backup(s) purged, 4 held none of the accounts, 1 under"
                        + " Object Lock hold the accounts until 2027-01-05T02:00:00Z at the latest (restores from them"
                        + " withhold the accounts); 1 RDS snapshot(s) taken before it hold the accounts until retention"
                        + " deletes them (see status.snapshots)",
                s.getMessage());
        assertEquals("2026-12-06T12:00:00Z", s.getRecordedAt());
        assertEquals(2, s.getAccounts());
        assertEquals(4, s.getBackupsNotAffected());
        ErasedBackupStatus purged = s.getBackups().get(1);
        assertEquals(ErasedBackupStatus.PURGED, purged.getState());
        assertEquals("2026-12-06T12:00:05Z", purged.getPurgedAt());
        assertEquals(Map.of("public.user_identities", 3L, "public.users", 2L), purged.getRowsRemoved());
        ErasedBackupStatus locked = s.getBackups().get(0); // the ones that need attention first
        assertEquals(ErasedBackupStatus.LOCKED, locked.getState());
        assertEquals("2027-01-05T02:00:00Z", locked.getLockedUntil());
        assertNull(locked.getRowsRemoved());
        assertEquals("shop-nightly-1", s.getSnapshots().get(0).getIdentifier());
        assertEquals(
                "Succeeded",
                Conditions.find(s.getConditions(), Conditions.READY).getReason());
    }

    @Test
    void aBackupUnderALegalHoldOnlyIsLockedWithoutADate() {
        ErasureOutcome outcome = new ErasureOutcome(
                RECORDED,
                List.of(
                        new ErasedBackup(
                                "shop/weekly",
                                "20261201T020000Z",
                                State.Locked,
                                null,
                                null,
                                null,
                                "under a legal hold",
                                null),
                        new ErasedBackup(
                                "shop/monthly", "20261101T020000Z", State.Locked, null, null, LOCK_ENDS, null, null)),
                0,
                List.of(),
                List.of());
        AttemptHandle<ErasureOutcome, ErasureAttempt> job = TestJobs.succeeded(1, T0, NOW, 1, attempt(true), outcome);

        AccountErasureStatus s = new ErasureStatusBuilder(null, 1, NOW).succeeded(job);

        assertEquals(Phase.Succeeded, s.getPhase());
        assertTrue(
                s.getMessage()
                        .contains("2 under Object Lock hold the accounts until 2027-01-05T02:00:00Z at the latest or"
                                + " while a legal hold is on (restores from them withhold the accounts)"),
                s.getMessage());
        ErasedBackupStatus held = s.getBackups().stream()
                .filter(b -> b.getBackupId().equals("20261201T020000Z"))
                .findFirst()
                .orElseThrow();
        assertEquals(ErasedBackupStatus.LOCKED, held.getState());
        assertNull(held.getLockedUntil());
        assertEquals("under a legal hold", held.getReason());
    }

    @Test
    void aFailedAttemptStillShowsTheEntryAndWhatBecameOfEachBackup() {
        ErasureAttempt attempt = attempt(true);
        attempt.progress().update(o -> o.withRecorded(RECORDED));
        attempt.progress()
                .update(o -> o.withBackup(new ErasedBackup(
                        "shop/nightly",
                        "20261205T020000Z",
                        State.Failed,
                        null,
                        null,
                        null,
                        "backup 20261205T020000Z is damaged",
                        BackupException.Kind.CORRUPT)));
        AttemptHandle<ErasureOutcome, ErasureAttempt> job = TestJobs.failed(
                1,
                T0,
                NOW,
                1,
                attempt,
                new BackupException(BackupException.Kind.CORRUPT, "1 backup(s) could not be purged"));

        AccountErasureStatus s = new ErasureStatusBuilder(null, 1, NOW).failed(job, 3);

        assertEquals(Phase.Failed, s.getPhase());
        assertEquals("e-5f1c0a9e2b7d4c3a8e6f1b20", s.getEntryId());
        assertEquals(ErasedBackupStatus.FAILED, s.getBackups().get(0).getState());
        assertEquals("backup 20261205T020000Z is damaged", s.getBackups().get(0).getReason());
        assertEquals(
                "BackupCorrupt",
                Conditions.find(s.getConditions(), Conditions.READY).getReason());
    }

    @Test
    void aRunningAttemptSaysHowFarItGot() {
        ErasureAttempt attempt = attempt(true);
        AttemptHandle<ErasureOutcome, ErasureAttempt> job = TestJobs.running(1, T0, 1, attempt);
        assertEquals(
                "recording the erasure in file:///backups/shop/_erasures/, then purging the namespace's backups of the"
                        + " accounts (0 backup(s) checked so far)",
                new ErasureStatusBuilder(null, 1, NOW).running(job, 3).getMessage());

        attempt.progress().update(o -> o.withRecorded(RECORDED).withNotAffected());
        AccountErasureStatus s = new ErasureStatusBuilder(null, 1, NOW).running(job, 3);
        assertTrue(s.getMessage().startsWith("recorded erasure e-5f1c0a9e2b7d4c3a8e6f1b20 in"), s.getMessage());
        assertTrue(s.getMessage().endsWith("(1 backup(s) checked so far)"), s.getMessage());
        assertEquals("e-5f1c0a9e2b7d4c3a8e6f1b20", s.getEntryId());
    }

    @Test
    void withoutPurgeTheMessageSaysTheBackupsMayHoldTheAccounts() {
        ErasureOutcome outcome = new ErasureOutcome(
                new Recorded(ENTRY, false, "file:///backups/shop/_erasures/", "3-0011223344556677"),
                List.of(new ErasedBackup(
                        "shop/nightly", "20261205T020000Z", State.NotPurged, null, null, null, "until ...", null)),
                0,
                List.of(),
                List.of());
        String message = ErasureStatusBuilder.summary(outcome, false);
        assertTrue(message.startsWith("erasure already recorded: e-5f1c0a9e2b7d4c3a8e6f1b20"), message);
        assertTrue(message.contains("1 backup(s) taken before it may hold the accounts"), message);
    }

    @Test
    void aNamespaceWithVeryManyBackupsListsTheFailedAndLockedFirstAndSaysHowManyAreLeftOut() {
        ErasureAttempt attempt = attempt(true);
        attempt.progress().update(o -> o.withRecorded(RECORDED));
        for (int i = 0; i < ErasureStatusBuilder.MAX_LISTED_BACKUPS + 20; i++) {
            String id = "b" + i;
            attempt.progress()
                    .update(o -> o.withBackup(new ErasedBackup(
                            "shop/hourly", id, State.Purged, T0, Map.of("public.users", 1L), null, null, null)));
        }
        attempt.progress()
                .update(o -> o.withBackup(
                        new ErasedBackup("shop/weekly", "w", State.Locked, null, null, LOCK_ENDS, null, null)));

        AccountErasureStatus s = new ErasureStatusBuilder(null, 1, NOW).running(TestJobs.running(1, T0, 1, attempt), 3);

        assertEquals(ErasureStatusBuilder.MAX_LISTED_BACKUPS, s.getBackups().size());
        assertEquals(ErasedBackupStatus.LOCKED, s.getBackups().get(0).getState());
        assertTrue(
                s.getWarnings().get(0).startsWith("21 more backup(s) are not listed"),
                s.getWarnings().toString());
    }

    private static ErasureAttempt attempt(boolean purge) {
        return new ErasureAttempt("file:///backups/shop/_erasures/", purge, new ErasureProgress(), null);
    }
}
