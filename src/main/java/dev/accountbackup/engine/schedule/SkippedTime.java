package dev.accountbackup.engine.schedule;

import java.time.Instant;

/** A scheduled time that got no backup, and why: for status and events, so gaps are explained. */
public record SkippedTime(Instant time, Reason reason) {

    public enum Reason {
        /** The previous scheduled backup was still running at that time: runs never overlap. */
        RUN_IN_PROGRESS("the previous backup was still running"),
        /**
         * The time passed while the operator was not running, and a more recent time was run instead or
         * it was older than the starting deadline: downtime causes at most one catch-up run.
         */
        MISSED("missed while the operator was not running, or past the starting deadline");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** e.g. {@code 2026-03-29T01:00:00Z: the previous backup was still running}. */
    public String describe() {
        return time + ": " + reason.description();
    }
}
