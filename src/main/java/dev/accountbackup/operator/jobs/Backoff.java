package dev.accountbackup.operator.jobs;

import java.time.Duration;

/** Exponential back-off between attempts: base, 2 x base, 4 x base, ... capped at max. */
public record Backoff(Duration base, Duration max) {

    public Duration delayAfter(int failedAttempt) {
        Duration delay = base;
        for (int i = 1; i < failedAttempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
