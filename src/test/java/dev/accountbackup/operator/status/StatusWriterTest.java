package dev.accountbackup.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusWriterTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private static final class MovableClock extends Clock {
        Instant now = T0;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void patchesAFreshResourceOnlyWhenTheStatusChanged() {
        StatusWriter<AccountBackupStatus, AccountBackup> writer = new StatusWriter<>(AccountBackup::new, Clock.systemUTC());
        AccountBackup resource = resource(status(Phase.Running));

        assertTrue(writer.patchIfChanged(resource, status(Phase.Running)).isNoUpdate());
        UpdateControl<AccountBackup> control = writer.patchIfChanged(resource, status(Phase.Succeeded));
        assertTrue(control.isPatchStatus());
        AccountBackup patch = control.getResource().orElseThrow();
        assertEquals("nightly", patch.getMetadata().getName());
        assertEquals("shop", patch.getMetadata().getNamespace());
        assertNull(patch.getSpec(), "the operator never writes the spec");
        assertNull(patch.getMetadata().getResourceVersion());
        assertEquals(Phase.Succeeded, patch.getStatus().getPhase());
    }

    @Test
    void waitsUntilTheCacheShowsItsOwnLastWrite() {
        MovableClock clock = new MovableClock();
        StatusWriter<AccountBackupStatus, AccountBackup> writer = new StatusWriter<>(AccountBackup::new, clock);
        AccountBackup stale = resource(status(Phase.Running));
        assertTrue(writer.waitForOwnWrite(stale).isEmpty(), "nothing written yet");

        writer.patchIfChanged(stale, status(Phase.Succeeded));
        UpdateControl<AccountBackup> wait = writer.waitForOwnWrite(stale).orElseThrow();
        assertTrue(wait.isNoUpdate());
        assertEquals(StatusWriter.CACHE_WAIT.toMillis(), wait.getScheduleDelay().orElseThrow());

        assertTrue(writer.waitForOwnWrite(resource(status(Phase.Succeeded))).isEmpty(), "the cache caught up");
        assertTrue(writer.waitForOwnWrite(stale).isEmpty(), "only the last write is awaited, once");

        writer.patchIfChanged(stale, status(Phase.Failed));
        clock.now = T0.plus(StatusWriter.CACHE_WAIT_LIMIT).plus(Duration.ofSeconds(1));
        assertTrue(writer.waitForOwnWrite(stale).isEmpty(), "a write never seen is given up on");
    }

    private static AccountBackup resource(AccountBackupStatus status) {
        AccountBackup r = new AccountBackup();
        r.setMetadata(new ObjectMetaBuilder().withName("nightly").withNamespace("shop").withUid("uid-1").withResourceVersion("7").build());
        r.setStatus(status);
        return r;
    }

    private static AccountBackupStatus status(Phase phase) {
        AccountBackupStatus s = new AccountBackupStatus();
        s.setPhase(phase);
        return s;
    }
}
