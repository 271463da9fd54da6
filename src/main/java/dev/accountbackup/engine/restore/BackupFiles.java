package dev.accountbackup.engine.restore;

import com.github.luben.zstd.ZstdIOException;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.crypto.BackupCiphers;
import dev.accountbackup.engine.crypto.FileCipher;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.HashingInputStream;
import dev.accountbackup.engine.verify.FileCheck;
import dev.accountbackup.engine.verify.Verifier;
import dev.accountbackup.engine.verify.VerifyReport;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.zip.ZipException;

/**
 * The table files of one backup: opening them, and checking them against the manifest. Every
 * reader of a backup's rows (restores, account exports and diffs) goes through it, so that all
 * decrypt, decompress and verify a file the same way.
 */
public final class BackupFiles {

    private final BackupLocation location;
    private final Manifest manifest;
    private final FileCipher cipher;

    /** Opens the backup's data key first, if it has one: without the right key, the restore stops before anything is written. */
    public BackupFiles(BackupLocation location, Manifest manifest) {
        this.location = location;
        this.manifest = manifest;
        this.cipher = BackupCiphers.forReading(manifest, location.keyring());
    }

    /** Receives the decrypted, decompressed rows of one file. */
    @FunctionalInterface
    public interface RowsReader {
        /** Reads the rows (JSON Lines) and returns how many there were. */
        long read(InputStream rows) throws IOException;
    }

    /**
     * Reads one table's rows with {@code reader}, then checks that the whole stored file is the one
     * the manifest describes (size, SHA-256, row count): what the reader saw counts only once this
     * returns.
     */
    public void read(TableEntry table, RowsReader reader) {
        try (InputStream file = open(table);
                HashingInputStream stored = new HashingInputStream(file)) {
            long rows = reader.read(rows(table, stored));
            stored.drain();
            check(table, stored);
            if (rows != table.rows()) {
                throw damaged(table, "it holds " + rows + " rows, the manifest says " + table.rows());
            }
        } catch (IOException e) {
            throw readFailure(table, e);
        }
    }

    /** What a failure while reading a file means to the user: a damaged file, or storage failing. */
    BackupException readFailure(TableEntry table, IOException e) {
        if (e instanceof FileCipher.DecryptionException) {
            return damaged(
                    table,
                    "it does not decrypt with the backup's key: changed, truncated, or moved from another file or backup");
        }
        if (e instanceof ZstdIOException || e instanceof ZipException || e instanceof EOFException) {
            return damaged(table, "it cannot be decompressed");
        }
        return BackupLocation.storageError("reading " + uri(table), e);
    }

    public String uri(TableEntry table) {
        return location.store().uri(location.key(manifest.backupId(), table.file()));
    }

    /** The stored (compressed) file. */
    InputStream open(TableEntry table) {
        try {
            return location.store().open(location.key(manifest.backupId(), table.file()));
        } catch (NoSuchFileException e) {
            throw new BackupException(
                    Kind.CORRUPT,
                    "backup " + manifest.backupId() + " is incomplete: the file of table " + table.displayName() + " ("
                            + uri(table) + ") is missing; restore from another backup",
                    e);
        } catch (IOException e) {
            throw BackupLocation.storageError("opening " + uri(table), e);
        }
    }

    /**
     * The rows of a stored file, decrypted and decompressed.
     *
     * @throws FileCipher.DecryptionException while reading, when the file does not authenticate
     */
    InputStream rows(TableEntry table, InputStream stored) throws IOException {
        Compression compression = manifest.compression();
        if (compression == null) {
            // manifests always record it; fall back to the file name as the verifier does
            compression = table.file().endsWith(Compression.GZIP.suffix()) ? Compression.GZIP : Compression.ZSTD;
        }
        return compression.decompress(
                cipher == null ? stored : cipher.decrypt(stored, manifest.backupId(), table.file()));
    }

    /**
     * Reads every file once and checks size and SHA-256, so that a damaged backup is found before
     * a single row is written. Rows are counted while they are loaded.
     */
    void verify(List<TableEntry> tables) {
        Verifier verifier = new Verifier();
        List<FileCheck> checks = tables.stream()
                .map(t -> verifier.check(location, manifest, t, false))
                .toList();
        new VerifyReport(manifest.backupId(), location.uri(manifest.backupId()), checks).requireOk();
    }

    /** Fails when what was read is not the file the manifest describes. */
    void check(TableEntry table, HashingInputStream read) {
        if (read.count() != table.bytes()) {
            throw damaged(table, "it has " + read.count() + " bytes, the manifest says " + table.bytes());
        }
        String actual = read.sha256();
        if (table.sha256() == null || !table.sha256().equalsIgnoreCase(actual)) {
            throw damaged(table, "its SHA-256 checksum differs from the manifest's");
        }
    }

    BackupException damaged(TableEntry table, String what) {
        return new BackupException(
                Kind.CORRUPT,
                "backup " + manifest.backupId() + " is damaged: the file of table " + table.displayName() + " ("
                        + uri(table) + ") does not match the manifest (" + what
                        + "); nothing was restored. Restore from another backup");
    }
}
