package dev.accountbackup.operator.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.restore.RestoredAccounts;
import dev.accountbackup.engine.restore.TableRestoreResult;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.jobs.TestJobs;
import dev.accountbackup.operator.run.RunDecision;
import dev.accountbackup.operator.status.Conditions;
import java.time.Instant;
import java.util.List;
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
