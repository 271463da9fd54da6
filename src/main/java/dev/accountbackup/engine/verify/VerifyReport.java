package dev.accountbackup.engine.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The result of verifying a backup: one {@link FileCheck} per table file, in manifest order.
 *
 * @param uri       where the backup is stored
 * @param signature what the manifest's signature says, e.g. "signed with key k1" or "unsigned"; null when not checked here
 * @param note      what was not checked and why (e.g. rows of encrypted files without their key); null when everything was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyReport(String backupId, String uri, List<FileCheck> files, String signature, String note) {

    public VerifyReport {
        files = List.copyOf(files);
    }

    /** A report on the files alone, for a manifest whose signature was checked when it was read. */
    public VerifyReport(String backupId, String uri, List<FileCheck> files) {
        this(backupId, uri, files, null, null);
    }

    @JsonProperty("ok")
    public boolean ok() {
        return files.stream().allMatch(FileCheck::ok);
    }

    public List<FileCheck> problems() {
        return files.stream().filter(f -> !f.ok()).toList();
    }

    /** One line for logs, events and the command line. */
    @JsonProperty("summary")
    public String summary() {
        List<FileCheck> problems = problems();
        if (problems.isEmpty()) {
            long bytes = files.stream().mapToLong(FileCheck::actualBytes).sum();
            long rows = files.stream().mapToLong(FileCheck::expectedRows).sum();
            return String.format(
                    Locale.ROOT,
                    "backup %s at %s is intact%s: %d file(s), %d rows, %d bytes checked%s",
                    backupId,
                    uri,
                    signature == null ? "" : " (" + signature + ")",
                    files.size(),
                    rows,
                    bytes,
                    note == null ? "" : " (" + note + ")");
        }
        return "backup " + backupId + " at " + uri + " is damaged: " + problems.size() + " of " + files.size()
                + " file(s) do not match the manifest: "
                + problems.stream()
                        .map(f -> f.file() + " ("
                                + f.problem().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")")
                        .collect(Collectors.joining(", "));
    }

    /** For callers that must not go on with a damaged backup, such as a restore. */
    public void requireOk() {
        if (!ok()) {
            throw new BackupException(
                    Kind.CORRUPT,
                    summary() + "; "
                            + problems().stream().map(FileCheck::detail).collect(Collectors.joining("; "))
                            + ". Nothing was changed: use another backup");
        }
    }
}
