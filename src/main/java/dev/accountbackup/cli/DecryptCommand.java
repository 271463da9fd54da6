package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.crypto.BackupCiphers;
import dev.accountbackup.engine.crypto.FileCipher;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Turns one encrypted table file back into the compressed JSON Lines it was, for tools that read backups by hand. */
@Command(
        name = "decrypt",
        description = "Decrypts the file of one table of an encrypted backup into a compressed JSON Lines file"
                + " (read it with zstdcat or zcat), after checking it against the manifest.")
final class DecryptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackupFolderOption folder;

    @Option(
            names = "--backup",
            defaultValue = "latest",
            paramLabel = "ID|latest",
            description = "backup id (default: the newest complete backup)")
    String backupId;

    @Option(
            names = "--table",
            required = true,
            paramLabel = "SCHEMA.NAME",
            description = "the table whose file to decrypt, e.g. public.users")
    String table;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "where to write the file; it must not exist yet")
    Path out;

    @Override
    public Integer call() {
        PrintWriter text = spec.commandLine().getOut();
        try (BackupFolderOption.OpenFolder opened = folder.open()) {
            BackupLocation location = opened.location();
            Manifest manifest = location.resolve(backupId);
            TableEntry entry = manifest.tables().stream()
                    .filter(t -> t.displayName().equals(table) || ("public." + table).equals(t.displayName()))
                    .findFirst()
                    .orElseThrow(
                            () -> BackupException.invalid("backup " + manifest.backupId() + " has no table " + table));
            FileCipher cipher = BackupCiphers.forReading(manifest, location.keyring());
            if (cipher == null) {
                throw BackupException.invalid(
                        "backup " + manifest.backupId() + " is not encrypted: its files are read as they are");
            }
            decrypt(location, manifest, entry, cipher);
            text.printf(
                    "table %s of backup %s decrypted into %s (%s compressed JSON Lines)%n",
                    entry.displayName(),
                    manifest.backupId(),
                    out,
                    manifest.compression().jsonName());
            return 0;
        }
    }

    /** Writes the plaintext; a file that does not match the manifest or does not authenticate leaves no output behind. */
    private void decrypt(BackupLocation location, Manifest manifest, TableEntry entry, FileCipher cipher) {
        String key = location.key(manifest.backupId(), entry.file());
        OutputStream plain;
        try {
            plain = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw BackupException.invalid(
                    "cannot create " + out + " (" + e.getClass().getSimpleName() + "): give a new file with --out");
        }
        boolean complete = false;
        try (plain;
                InputStream stored = location.store().open(key);
                HashingInputStream hashed = new HashingInputStream(stored)) {
            try (InputStream decrypted = cipher.decrypt(hashed, manifest.backupId(), entry.file())) {
                decrypted.transferTo(plain);
            }
            hashed.drain();
            if (hashed.count() != entry.bytes() || !hashed.sha256().equalsIgnoreCase(String.valueOf(entry.sha256()))) {
                throw new BackupException(
                        Kind.CORRUPT,
                        "the file of table " + entry.displayName() + " does not match the manifest (size or SHA-256)");
            }
            complete = true;
        } catch (FileCipher.DecryptionException e) {
            throw new BackupException(
                    Kind.CORRUPT,
                    "the file of table " + entry.displayName() + " does not decrypt with the backup's key:"
                            + " it was changed, truncated, or moved from another file or backup",
                    e);
        } catch (IOException e) {
            throw new BackupException(
                    Kind.STORAGE,
                    "decrypting the file of table " + entry.displayName() + " into " + out + " failed: "
                            + e.getMessage(),
                    e);
        } finally {
            if (!complete) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // the error above is the one to report
                }
            }
        }
    }
}
