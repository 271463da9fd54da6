package dev.accountbackup.operator.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.RestoreDiffStatus;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.restore.RestoreMode;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.operator.BackupEngine;
import dev.accountbackup.operator.jobs.TestJobs;
import dev.accountbackup.testing.AccountGraphDatabase;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dry-run restore of chosen accounts shows, in its status, how they differ from the backup. */
class DryRunDiffTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final RestoreAttempt DRY_RUN = new RestoreAttempt(
            null, "file:///backups/shop/b", RestoreTargetTables.of("db:5432/shop", List.of()), true, true, null, null);

    @TempDir
    Path dir;

    @Test
    void theStatusOfADryRunOfChosenAccountsShowsTheDiffSummary() {
        DatabaseTarget db = AccountGraphDatabase.create(30);
        BackupLocation backups = new BackupLocation(new FilesystemStore(dir), "shop/before-migration");
        new Exporter()
                .export(new ExportRequest(
                        db,
                        List.of(AccountGraphDatabase.TABLES.split(",")),
                        backups,
                        BackupIds.fromTime(NOW),
                        Compression.ZSTD,
                        Map.of()));
        TestPostgres.execute(db, AccountGraphDatabase.MIGRATION);
        BackupEngine engine = BackupEngine.standard();
        AccountSelection accounts = AccountSelection.keys("public.users", List.of("4", "7", "10", "31"));

        RestoreOutcome dryRun = DryRunDiff.add(outcome(engine, backups, db, true), engine, backups, db, accounts);
        RestoreOutcome real = DryRunDiff.add(outcome(engine, backups, db, false), engine, backups, db, accounts);
        RestoreOutcome wholeTables = DryRunDiff.add(outcome(engine, backups, db, true), engine, backups, db, null);
        AccountRestoreStatus status = new RestoreStatusBuilder(null, 1, NOW)
                .succeeded(TestJobs.succeeded(1, NOW.minusSeconds(5), NOW, 1, DRY_RUN, dryRun));

        RestoreDiffStatus diff = status.getDiff();
        assertEquals(1, diff.getAccountsDeleted());
        assertEquals(1, diff.getAccountsChanged());
        assertEquals(1, diff.getAccountsAdded());
        assertEquals(List.of("4"), diff.getDeleted());
        assertEquals(List.of("7"), diff.getChanged());
        assertEquals(List.of("31"), diff.getAdded());
        assertEquals(0, diff.getNotListed());
        RestoreDiffStatus.Table profiles = diff.getTables().stream()
                .filter(t -> t.getName().equals("public.profiles"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(1L, 1L, 1L), List.of(profiles.getDeleted(), profiles.getAdded(), profiles.getChanged()));
        assertEquals(List.of("bio"), profiles.getChangedColumns());
        assertFalse(status.getMessage().contains("user4@"), "account data stays out of the message");
        assertNull(real.diff(), "only a dry run compares");
        assertNull(wholeTables.diff(), "only a restore of chosen accounts compares");
    }

    private static RestoreOutcome outcome(
            BackupEngine engine, BackupLocation backups, DatabaseTarget db, boolean dryRun) {
        RestoreResult result =
                engine.restore(RestoreRequest.of(backups, "latest", db, List.of("users"), RestoreMode.INSERT_MISSING)
                        .dryRun(dryRun)
                        .build());
        return new RestoreOutcome(result, null);
    }
}
