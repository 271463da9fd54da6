package dev.accountbackup.cli;

import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import picocli.CommandLine.Option;

/** The --from option of the commands that read a backup folder. */
final class BackupFolderOption {

    @Option(names = "--from", required = true, paramLabel = "URI",
            description = "backup folder (one AccountBackup's, or an export's --to): file:///absolute/dir or s3://bucket/prefix")
    String from;

    /** Opens the folder; closing it releases the storage client. */
    OpenFolder open() {
        BackupStore store = BackupStores.fromUri(from);
        return new OpenFolder(store, new BackupLocation(store, ""));
    }

    record OpenFolder(BackupStore store, BackupLocation location) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }
}
