package dev.accountbackup.operator.backup;

import dev.accountbackup.engine.manifest.Manifest;

/**
 * A completed backup: its manifest and where it is stored (a URI without credentials).
 *
 * @param retention what retention did after a scheduled backup; null for a one-shot backup
 */
public record BackupOutcome(Manifest manifest, String location, RetentionReport retention) {

    public BackupOutcome(Manifest manifest, String location) {
        this(manifest, location, null);
    }

    BackupOutcome withRetention(RetentionReport report) {
        return new BackupOutcome(manifest, location, report);
    }
}
