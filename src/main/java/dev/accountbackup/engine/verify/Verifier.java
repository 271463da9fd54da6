package dev.accountbackup.engine.verify;

import dev.accountbackup.engine.crypto.BackupCiphers;
import dev.accountbackup.engine.crypto.FileCipher;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.HashingInputStream;
import dev.accountbackup.engine.storage.StoredBackup;
import dev.accountbackup.engine.verify.FileCheck.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks that a stored backup is exactly what its manifest describes, by reading every table file
 * again: size, SHA-256 and, after decryption and decompression, the number of rows (one per line). Files are
 * streamed, so memory use does not depend on their size.
 */
public final class Verifier {

    /** Verifies the backup with this id, or the newest one for {@code null}, "" or "latest". */
    public VerifyReport verify(BackupLocation location, String backupIdOrLatest) {
        return verify(location, location.resolveStored(backupIdOrLatest));
    }

    /**
     * Verifies every table file of a backup whose manifest is already read (and its signature checked). The
     * files of an encrypted backup are decrypted when the location has its key; without it, only their sizes
     * and checksums are checked, which needs no key.
     */
    public VerifyReport verify(BackupLocation location, StoredBackup backup) {
        Manifest manifest = backup.manifest();
        FileCipher cipher = location.keyring() == null ? null : BackupCiphers.forReading(manifest, location.keyring());
        boolean countRows = manifest.encryption() == null || cipher != null;
        List<FileCheck> checks = new ArrayList<>(manifest.tables().size());
        for (TableEntry table : manifest.tables()) {
            checks.add(check(location, manifest, table, cipher, countRows));
        }
        String note = countRows
                ? null
                : "rows not counted: the files are encrypted under "
                        + manifest.encryption().describeKey()
                        + " and no key was given, so sizes and checksums were checked";
        return new VerifyReport(
                manifest.backupId(),
                location.uri(manifest.backupId()),
                checks,
                backup.signature().describe(),
                note);
    }

    /** Re-reads one table file of a backup without encryption; see {@link #check(BackupLocation, Manifest, TableEntry, FileCipher, boolean)}. */
    public FileCheck check(BackupLocation location, Manifest manifest, TableEntry table, boolean countRows) {
        return check(location, manifest, table, null, countRows);
    }

    /**
     * Re-reads one table file and compares it with its manifest entry.
     *
     * @param cipher    the backup's file cipher, or null when it has none or it is not at hand
     * @param countRows also decrypt and decompress the file and count its lines; without it only size and hash are checked
     * @throws dev.accountbackup.engine.BackupException when storage fails (not when the file is damaged)
     */
    public FileCheck check(
            BackupLocation location, Manifest manifest, TableEntry table, FileCipher cipher, boolean countRows) {
        Result result = new Result(table);
        if (!isPlainFileName(table.file())) {
            return result.unreadable(
                    -1,
                    null,
                    "the manifest names '" + table.file() + "', which is not a file of this" + " backup's folder");
        }
        String key = location.key(manifest.backupId(), table.file());
        String uri = location.store().uri(key);
        long rows = -1;
        String decodeFailure = null;
        HashingInputStream hashed;
        try (InputStream stored = location.store().open(key)) {
            hashed = new HashingInputStream(stored);
            if (countRows && (manifest.encryption() == null || cipher != null)) {
                Compression compression = compressionOf(manifest, table.file());
                if (compression == null) {
                    decodeFailure = "its compression is unknown (no compression in the manifest, file name without"
                            + " .zst or .gz)";
                } else {
                    InputStream compressed =
                            cipher == null ? hashed : cipher.decrypt(hashed, manifest.backupId(), table.file());
                    try (InputStream plain = compression.decompress(compressed)) {
                        LineCount lines = LineCount.of(plain);
                        rows = lines.lines();
                        if (lines.unterminatedTail()) {
                            decodeFailure = "its last line is incomplete (no end-of-line after row " + rows + ")";
                        }
                    } catch (IOException e) {
                        if (hashed.storageFailure() != null) {
                            throw hashed.storageFailure();
                        }
                        rows = -1;
                        decodeFailure = e instanceof FileCipher.DecryptionException
                                ? "it does not decrypt with the backup's key (changed, truncated, or moved from another file or backup)"
                                : "it cannot be decompressed as " + compression.jsonName() + " ("
                                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                                        + ")";
                    }
                }
            }
            hashed.drain();
        } catch (NoSuchFileException e) {
            return result.missing(uri);
        } catch (IOException e) {
            throw BackupLocation.storageError("verifying " + uri, e);
        }
        return result.compare(hashed.count(), hashed.sha256(), rows, decodeFailure);
    }

    private static Compression compressionOf(Manifest manifest, String file) {
        if (manifest.compression() != null) {
            return manifest.compression();
        }
        for (Compression c : Compression.values()) {
            if (file.endsWith(c.suffix())) {
                return c;
            }
        }
        return null;
    }

    /** Table files live directly in the backup's folder; anything else in a manifest is not trusted. */
    private static boolean isPlainFileName(String file) {
        return file != null
                && !file.isBlank()
                && !file.contains("/")
                && !file.contains("\\")
                && !file.equals(".")
                && !file.equals("..");
    }

    /** Builds the {@link FileCheck} of one table, with the first problem found. */
    private static final class Result {
        private final TableEntry table;

        Result(TableEntry table) {
            this.table = table;
        }

        FileCheck missing(String uri) {
            return check(
                    -1,
                    null,
                    -1,
                    Problem.MISSING,
                    "file " + table.file() + " of table " + table.displayName() + " is missing (" + uri + ")");
        }

        FileCheck unreadable(long bytes, String sha256, String why) {
            return check(
                    bytes,
                    sha256,
                    -1,
                    Problem.UNREADABLE,
                    "file " + table.file() + " of table " + table.displayName() + " is unreadable: " + why);
        }

        FileCheck compare(long bytes, String sha256, long rows, String decodeFailure) {
            if (bytes != table.bytes()) {
                return check(
                        bytes,
                        sha256,
                        rows,
                        Problem.SIZE_MISMATCH,
                        "file " + table.file() + " of table "
                                + table.displayName() + " has " + bytes + " bytes, the manifest records "
                                + table.bytes()
                                + (bytes < table.bytes() ? " (truncated)" : " (replaced or appended to)"));
            }
            if (table.sha256() == null || !sha256.equals(table.sha256().toLowerCase(Locale.ROOT))) {
                return check(
                        bytes,
                        sha256,
                        rows,
                        Problem.CHECKSUM_MISMATCH,
                        "file " + table.file() + " of table "
                                + table.displayName() + " has SHA-256 " + sha256 + ", the manifest records "
                                + table.sha256()
                                + " (damaged or changed after the backup)");
            }
            if (decodeFailure != null) {
                return unreadable(bytes, sha256, decodeFailure);
            }
            if (rows >= 0 && rows != table.rows()) {
                return check(
                        bytes,
                        sha256,
                        rows,
                        Problem.ROW_COUNT_MISMATCH,
                        "file " + table.file() + " of table " + table.displayName() + " holds " + rows
                                + " rows, the manifest records " + table.rows());
            }
            return check(bytes, sha256, rows, null, null);
        }

        private FileCheck check(long bytes, String sha256, long rows, Problem problem, String detail) {
            return new FileCheck(
                    table.displayName(),
                    table.file(),
                    table.bytes(),
                    bytes,
                    table.sha256(),
                    sha256,
                    table.rows(),
                    rows,
                    problem,
                    detail);
        }
    }
}
