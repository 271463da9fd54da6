package dev.accountbackup.operator.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.erasure.InstanceErasureResult;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.restore.RestoredAccounts;
import dev.accountbackup.engine.restore.TableRestoreResult;
import dev.accountbackup.engine.snapshot.SnapshotRestoreProgress;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.jobs.TestJobs;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.status.Conditions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The statuses of an AccountRestore, built as pure functions of the current status, the generation and a step. */
class RestoreStatusBuilderTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant NOW = T0.plusSeconds(30);
    private static final RestoreAttempt DRY_RUN = new RestoreAttempt(
            null, "file:///backups/ns/b", RestoreTargetTables.of("db:5432/shop", List.of()), true, true, null, null);

    @Test
    void aDryRunShowsWhatWouldChangeAndSaysNothingChanged() {
        RestoreResult result = new RestoreResult(
                "20261126T110000Z",
                true,
                List.of(new TableRestoreResult("public.users", 2, 1, 0, 7, List.of())),
                null,
                List.of());
        AttemptHandle<RestoreOutcome, RestoreAttempt> job =
                TestJobs.succeeded(1, T0, NOW, 1, DRY_RUN, new RestoreOutcome(result, null));

        AccountRestoreStatus s = new RestoreStatusBuilder(null, 1, NOW).succeeded(job);

        assertEquals(Phase.Succeeded, s.getPhase());
        assertEquals(
                "dry run of backup 20261126T110000Z: would insert 2, update 1, delete 0 and leave 7 rows unchanged in 1 table;"
                        + " nothing was changed",
                s.getMessage());
        assertEquals(2, s.getTables().get(0).getInserted());
        assertEquals(
                "DryRunSucceeded",
                Conditions.find(s.getConditions(), Conditions.READY).getReason());
    }

    @Test
    void aSnapshotRestoreCountsTheErasedAccountsDeletedFromItsInstanceOrSaysThatNoLedgerWasApplied() {
        SnapshotRestoreAttempt instance = new SnapshotRestoreAttempt("shop-staging", "eu-west-3", "snap-1");
        RestoreAttempt attempt = new RestoreAttempt(
                null,
                null,
                RestoreTargetTables.of("new instance shop-staging in eu-west-3", List.of()),
                false,
                false,
                instance,
                null);
        SnapshotRestoreProgress available =
                new SnapshotRestoreProgress("shop-staging", "arn:1", "available", "staging.rds", 5432, true);
        instance.progress().set(available);
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("public.user_identities", 2L);
        rows.put("public.users", 1L);
        InstanceErasureResult erased =
                new InstanceErasureResult("2-abc", 2, 1, rows, List.of("public.customers"), false);

        AccountRestoreStatus s = new RestoreStatusBuilder(null, 1, NOW)
                .succeeded(TestJobs.succeeded(
                        1,
                        T0,
                        NOW,
                        1,
                        attempt,
                        new RestoreOutcome(null, null, available).withInstanceErasures(erased)));

        assertEquals(
                "restored snap-1 into the new instance shop-staging at staging.rds:5432;"
                        + " deleted 1 erased account(s) (3 rows) from it",
                s.getMessage());
        assertEquals(1, s.getSnapshot().getErasures().getAccountsDeleted());
        assertEquals(3L, s.getSnapshot().getErasures().getRowsDeleted());
        assertEquals("2-abc", s.getSnapshot().getErasures().getLedgerVersion());
        assertEquals(
                List.of("public.user_identities", "public.users"),
                s.getSnapshot().getErasures().getTables().stream()
                        .map(t -> t.getName())
                        .toList());
        assertEquals(List.of("public.customers"), s.getSnapshot().getErasures().getRootsNotApplied());
        assertEquals(List.of(), s.getWarnings());
    }

    @Test
    void anAccountRestoreCountsTheAccountsAndListsTheFirstKeysNotFoundOnlyInItsFields() {
        List<String> notFound =
                IntStream.rangeClosed(1, 25).mapToObj(i -> "4711" + i).sorted().toList();
        RestoreResult result = new RestoreResult(
                "20261126T110000Z",
                false,
                List.of(new TableRestoreResult("public.users", 1, 0, 0, 0, List.of())),
                null,
                List.of(),
                new RestoredAccounts("public.users", "26 keys", 1, notFound),
                null,
                List.of(),
                0);
        AttemptHandle<RestoreOutcome, RestoreAttempt> job =
                TestJobs.succeeded(1, T0, NOW, 1, DRY_RUN, new RestoreOutcome(result, null));

        AccountRestoreStatus s = new RestoreStatusBuilder(null, 1, NOW).succeeded(job);

        assertEquals(1L, s.getAccounts().getFound());
        assertEquals(25L, s.getAccounts().getNotFound());
        assertEquals(notFound.subList(0, 20), s.getAccounts().getNotFoundKeys());
        assertEquals("26 keys", s.getAccounts().getSelection());
        assertEquals(
                "restored backup 20261126T110000Z: 1 inserted, 0 updated, 0 deleted, 0 unchanged rows in 1 table;"
                        + " accounts of public.users: 1 found in the backup, 25 not found (see status.accounts)",
                s.getMessage());
    }

    @Test
    void aTableRestoreCutShortByARestartIsNotRunAgainAndSaysWhatToDo() {
        AccountRestoreStatus running =
                new RestoreStatusBuilder(null, 1, T0).running(TestJobs.running(1, T0, 1, DRY_RUN), 3);
        assertEquals(
                "Running",
                Conditions.find(running.getConditions(), Conditions.READY).getReason());

        AccountRestoreStatus s =
                new RestoreStatusBuilder(running, 1, NOW).interrupted(new RunDecision.GiveUp<>(1, false), 3);

        assertEquals(Phase.Failed, s.getPhase());
        assertEquals(RestoreStatusBuilder.notResumedMessage(1), s.getMessage());
        assertTrue(s.getMessage().contains("dryRun: true"));
        assertEquals(
                "Interrupted",
                Conditions.find(s.getConditions(), Conditions.READY).getReason());
    }
}
