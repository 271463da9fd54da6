package dev.accountbackup.engine.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.signing.ManifestSigner;
import dev.accountbackup.engine.storage.FilesystemStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore records as the evidence report reads them: one at a time, within bounds. */
class RestoreRecordsTest {

    @TempDir
    Path dir;

    private static RestoreRecord draft() {
        return new RestoreRecord(
                null,
                null,
                "command line",
                "file:///backups",
                "b1",
                "InsertMissing",
                false,
                false,
                "1-abc",
                List.of("e-1"),
                null,
                0,
                Map.of("public.users", 1L),
                true,
                false);
    }

    private RestoreRecords records(FilesystemStore store, int maxFiles) {
        return new RestoreRecords(
                store, "_erasures/restores/", new ManifestSigner(null), Clock.systemUTC(), null, maxFiles);
    }

    @Test
    void aFolderWithMoreFilesThanAnyUseLeavesIsFlaggedAndReadOnlyUpToTheBound() throws Exception {
        try (FilesystemStore store = new FilesystemStore(dir)) {
            RestoreRecords records = records(store, 6);
            for (int i = 0; i < 5; i++) {
                records.begin(draft()).committed();
            }
            List<RestoreRecords.Recorded> read = new ArrayList<>();
            List<BackupException> problems = new ArrayList<>();
            records.read(read::add, problems::add);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).getMessage().contains("hold 10 files, more than the 6"), problems.toString());
            assertEquals(3, read.size(), "the first 6 files: 3 records with their outcomes");
            read.forEach(r ->
                    assertEquals(RestoreOutcome.Outcome.COMMITTED, r.outcome().outcome()));
        }
    }

    @Test
    void anIntentWithoutOutcomeIsHandedOutUnknownAndAnOutcomeCarriesTheCountsKnownOnlyAfter() throws Exception {
        try (FilesystemStore store = new FilesystemStore(dir)) {
            RestoreRecords records = records(store, RestoreRecords.MAX_FILES);
            RestoreRecord cutShort = records.begin(draft()).record();
            records.begin(draft()).committed(Map.of("public.users", 7L));
            records.begin(draft()).rolledBack();
            List<RestoreRecords.Recorded> read = records.read();
            assertEquals(3, read.size());
            assertEquals(cutShort.id(), read.get(0).record().id());
            assertNull(read.get(0).outcome(), "no outcome: it may have committed");
            assertEquals(Map.of("public.users", 7L), read.get(1).rowsWithheld());
            assertEquals(
                    RestoreOutcome.Outcome.ROLLED_BACK, read.get(2).outcome().outcome());
            assertEquals(Map.of("public.users", 1L), read.get(2).rowsWithheld());
        }
    }

    @Test
    void anOutcomeThatCannotBeWrittenLeavesTheRestoreUnknownRatherThanFailingIt() throws Exception {
        try (FilesystemStore store = new FilesystemStore(dir)) {
            RestoreRecords records = records(store, RestoreRecords.MAX_FILES);
            RestoreRecords.Intent intent = records.begin(draft());
            // a directory where the outcome file goes: the write fails
            Files.createDirectories(
                    dir.resolve("_erasures/restores/" + intent.record().id() + ".outcome.json/x"));
            intent.committed();
            List<RestoreRecords.Recorded> read = new ArrayList<>();
            List<BackupException> problems = new ArrayList<>();
            records.read(read::add, problems::add);
            assertEquals(1, read.size());
            assertNull(read.get(0).outcome());
        }
    }
}
