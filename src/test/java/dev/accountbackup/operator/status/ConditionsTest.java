package dev.accountbackup.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final Instant T1 = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-26T12:05:00Z");

    @Test
    void lastTransitionTimeChangesOnlyWithTheConditionStatus() {
        List<Condition> running = Conditions.withReady(List.of(), false, "Running", "backing up", 1, T1);
        Condition ready = Conditions.find(running, Conditions.READY);
        assertEquals("False", ready.getStatus());
        assertEquals("2026-11-26T12:00:00Z", ready.getLastTransitionTime());
        assertEquals(1L, ready.getObservedGeneration());

        List<Condition> retrying = Conditions.withReady(running, false, "Retrying", "attempt 1 failed", 2, T2);
        assertEquals(
                "2026-11-26T12:00:00Z",
                Conditions.find(retrying, Conditions.READY).getLastTransitionTime());
        assertEquals("Retrying", Conditions.find(retrying, Conditions.READY).getReason());
        assertEquals(2L, Conditions.find(retrying, Conditions.READY).getObservedGeneration());

        List<Condition> done = Conditions.withReady(retrying, true, "Succeeded", "done", 2, T2);
        assertEquals(
                "2026-11-26T12:05:00Z", Conditions.find(done, Conditions.READY).getLastTransitionTime());
        assertEquals(1, done.size());
    }

    @Test
    void otherConditionsAreKept() {
        Condition other = new Condition(null, "m", 1L, "R", "True", "Other");
        List<Condition> result = Conditions.withReady(List.of(other), true, "Succeeded", "done", 1, T1);
        assertEquals(2, result.size());
        assertEquals(other, Conditions.find(result, "Other"));
    }

    @Test
    void statusesAreComparedByContent() {
        AccountBackupStatus a = new AccountBackupStatus();
        a.setPhase(Phase.Succeeded);
        a.setConditions(Conditions.withReady(List.of(), true, "Succeeded", "done", 1, T1));
        AccountBackupStatus b = StatusUpdates.copy(a, AccountBackupStatus.class);
        assertTrue(StatusUpdates.same(a, b));
        b.setMessage("changed");
        assertFalse(StatusUpdates.same(a, b));
        assertFalse(StatusUpdates.same(null, a));
        assertTrue(StatusUpdates.same(null, null));
    }
}
