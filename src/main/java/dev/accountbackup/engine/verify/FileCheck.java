package dev.accountbackup.engine.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The result of re-reading one table file of a backup and comparing it with the manifest.
 *
 * @param actualBytes  bytes read, or -1 when the file is missing
 * @param actualSha256 hex SHA-256 of the bytes read, or {@code null} when the file is missing
 * @param actualRows   lines in the decompressed file, or -1 when not counted (or not countable)
 * @param problem      {@code null} when the file matches the manifest
 * @param detail       what is wrong, in a sentence; {@code null} when nothing is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileCheck(
        String table,
        String file,
        long expectedBytes,
        long actualBytes,
        String expectedSha256,
        String actualSha256,
        long expectedRows,
        long actualRows,
        Problem problem,
        String detail) {

    /** What is wrong with a file, most fundamental first: only the first one found is reported. */
    public enum Problem {
        /** The manifest lists a file that is not in storage. */
        MISSING,
        /** The stored file is shorter or longer than recorded: truncated or replaced. */
        SIZE_MISMATCH,
        /** Same size, different content: damaged or changed after the backup. */
        CHECKSUM_MISMATCH,
        /** The content matches the manifest but cannot be decompressed or ends in the middle of a line. */
        UNREADABLE,
        /** The content matches the manifest but holds another number of rows than it records. */
        ROW_COUNT_MISMATCH
    }

    @JsonProperty("ok")
    public boolean ok() {
        return problem == null;
    }
}
