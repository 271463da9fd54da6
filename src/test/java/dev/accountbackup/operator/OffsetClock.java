package dev.accountbackup.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Real time plus an offset that tests move forward, so scheduled times come without waiting for them. */
final class OffsetClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    /** Moves the clock so that it shows {@code t} now (never backwards). */
    void moveTo(Instant t) {
        Duration needed = Duration.between(Instant.now(), t);
        if (needed.compareTo(offset) > 0) {
            offset = needed;
        }
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the operator works in UTC");
    }
}
