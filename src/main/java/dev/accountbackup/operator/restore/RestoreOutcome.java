package dev.accountbackup.operator.restore;

import dev.accountbackup.engine.restore.RestoreResult;

/** A completed restore and where its safety backup is (a URI without credentials, or null). */
public record RestoreOutcome(RestoreResult result, String safetyLocation) {
}
