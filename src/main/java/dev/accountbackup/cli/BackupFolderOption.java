package dev.accountbackup.cli;

import dev.accountbackup.engine.signing.SigningKeys;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The --from option of the commands that read a backup folder, with the keys that check and open its backups. */
final class BackupFolderOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "URI",
            description =
                    "backup folder (one AccountBackup's, or an export's --to): file:///absolute/dir or s3://bucket/prefix")
    String from;

    @Mixin
    SigningKeyOption signing;

    @Mixin
    EncryptionOptions encryption;

    /**
     * Opens the folder, checking manifests with the signing keys and opening encrypted backups with the
     * encryption keys, if any are given; closing it releases the storage client.
     */
    OpenFolder open() {
        return open(from, signing, encryption, Main.env(command));
    }

    /** Opens the folder at {@code from} with these keys, for commands where --from is one source among others. */
    static OpenFolder open(
            String from, SigningKeyOption signing, EncryptionOptions encryption, Map<String, String> env) {
        SigningKeys keys = signing.keys(env);
        BackupStore store = BackupStores.fromUri(from, env);
        return new OpenFolder(store, encryption.apply(new BackupLocation(store, "").withSigning(keys), env));
    }

    record OpenFolder(BackupStore store, BackupLocation location) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }
}
