package dev.accountbackup.operator.status;

import dev.accountbackup.operator.jobs.AttemptHandle.QueuePlace;

/** How a run waiting for a job slot says so: since when, and its place in line. */
final class QueueMessage {

    private QueueMessage() {}

    /** E.g. "queued since 2026-12-06T02:00:03Z, 37th in line for a job slot (...)". */
    static String of(QueuePlace place) {
        return "queued since " + Timestamps.format(place.since()) + ", " + ordinal(place.place())
                + " in line for a job slot (ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS runs at once,"
                + " ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS_PER_NAMESPACE per namespace; namespaces take turns)";
    }

    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13
                ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }
}
