package dev.accountbackup.operator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(10), backoff.delayAfter(1));
        assertEquals(Duration.ofSeconds(20), backoff.delayAfter(2));
        assertEquals(Duration.ofSeconds(40), backoff.delayAfter(3));
        assertEquals(Duration.ofSeconds(60), backoff.delayAfter(4));
        assertEquals(Duration.ofSeconds(60), backoff.delayAfter(1000));
    }

    @Test
    void theLimitIsTheDefaultWhenUnsetAndNeverBeyondTheMaximum() {
        assertEquals(3, Backoff.limit(null));
        assertEquals(3, Backoff.limit(-1));
        assertEquals(0, Backoff.limit(0));
        assertEquals(100, Backoff.limit(100));
        assertEquals(100, Backoff.limit(Integer.MAX_VALUE));
    }

    @Test
    void noAttemptNumberOverflowsTheDelayOrTheMessages() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(Duration.ofSeconds(Long.MAX_VALUE), backoff.delayAfter(Integer.MAX_VALUE));
        // the messages: BackupStatusBuilderTest.attemptNumbersNeverOverflowInMessages
    }
}
