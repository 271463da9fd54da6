package dev.accountbackup.operator.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupIds;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.operator.erasure.ErasureOutcome.State;
import dev.accountbackup.operator.resolve.StoreOpener;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.ForwardingStore;
import dev.accountbackup.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One erasure attempt against real storage: a transient storage failure is retryable, and the retry finishes the work. */
class ErasureJobTest {

    private static final ErasureHasher HASHER = new ErasureHasher(new byte[32], "test");

    @TempDir
    Path dir;

    @Test
    void aBackupThatCannotBeWrittenFailsTheAttemptRetryablyAndTheNextAttemptPurgesIt() {
        var db = TestPostgres.newAccountsDatabase(20);
        new Exporter()
                .export(new ExportRequest(
                        db,
                        SampleAccounts.TABLES,
                        new BackupLocation(new FilesystemStore(dir), "shop/nightly"),
                        BackupIds.fromTime(Instant.now().minusSeconds(60)),
                        Compression.ZSTD,
                        Map.of()));
        AtomicBoolean diskFull = new AtomicBoolean(true);

        ErasureProgress first = new ErasureProgress();
        BackupException error =
                assertThrows(BackupException.class, () -> job(diskFull, first).get());
        assertTrue(error.retryable(), error.getMessage());
        assertTrue(error.getMessage().contains("1 backup(s) could not be purged"), error.getMessage());
        assertEquals(State.Failed, first.soFar().backups().get(0).state());
        assertTrue(first.soFar().recorded().written(), "the ledger entry is written before the purge");

        diskFull.set(false);
        ErasureProgress second = new ErasureProgress();
        ErasureOutcome outcome = job(diskFull, second).get();
        assertEquals(false, outcome.recorded().written(), "the entry is found, not written again");
        assertEquals(first.soFar().recorded().entry(), outcome.recorded().entry());
        assertEquals(State.Purged, outcome.backups().get(0).state());
        assertEquals(1L, outcome.backups().get(0).rowsRemoved().get("public.users"));
    }

    /** An erasure of account 3 in namespace shop, whose store refuses new table files while the disk is full. */
    private ErasureJob job(AtomicBoolean diskFull, ErasureProgress progress) {
        StoreOpener storage = new StoreOpener() {
            @Override
            public BackupStore open() {
                return new ForwardingStore(new FilesystemStore(dir)) {
                    @Override
                    public StoreOutput create(String key) throws IOException {
                        if (diskFull.get() && key.contains(".jsonl")) {
                            throw new IOException("No space left on device");
                        }
                        return super.create(key);
                    }
                };
            }

            @Override
            public BackupLocation location(BackupStore store, String path) {
                return new BackupLocation(store, path);
            }

            @Override
            public String describe() {
                return dir.toString();
            }
        };
        return new ErasureJob(
                storage,
                "shop",
                "public.users",
                List.of("3"),
                "DSR-3",
                HASHER,
                true,
                null,
                progress,
                Clock.systemUTC());
    }
}
