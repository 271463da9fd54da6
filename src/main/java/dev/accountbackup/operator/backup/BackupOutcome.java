package dev.accountbackup.operator.backup;

import dev.accountbackup.engine.manifest.Manifest;

/** A completed backup: its manifest and where it is stored (a URI without credentials). */
public record BackupOutcome(Manifest manifest, String location) {
}
