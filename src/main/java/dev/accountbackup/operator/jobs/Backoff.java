package dev.accountbackup.operator.jobs;

import java.time.Duration;

/** Exponential back-off between attempts: base, 2 x base, 4 x base, ... capped at max. */
public record Backoff(Duration base, Duration max) {

    /** Retries after the first attempt when the spec says nothing. */
    public static final int DEFAULT_LIMIT = 3;
    /** The most retries a spec may ask for: beyond it, back-off at the maximum delay would outlast any outage worth waiting for. */
    public static final int MAX_LIMIT = 100;

    /** The retries a spec's backoffLimit allows: the default when unset, never outside 0..{@value #MAX_LIMIT}. */
    public static int limit(Integer specified) {
        return specified == null || specified < 0 ? DEFAULT_LIMIT : Math.min(specified, MAX_LIMIT);
    }

    public Duration delayAfter(int failedAttempt) {
        Duration delay = base;
        // stops doubling at the cap, so that no attempt number can overflow the delay
        for (int i = 1; i < failedAttempt && delay.compareTo(max) < 0; i++) {
            delay = delay.compareTo(max.dividedBy(2)) > 0 ? max : delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
