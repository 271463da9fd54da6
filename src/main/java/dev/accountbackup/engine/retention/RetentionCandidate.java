package dev.accountbackup.engine.retention;

import java.time.Instant;
import java.util.Objects;

/** Something retention may keep or delete: a backup, a database snapshot. */
public record RetentionCandidate(String id, Instant time) {

    public RetentionCandidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
    }
}
