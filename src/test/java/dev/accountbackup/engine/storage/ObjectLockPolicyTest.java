package dev.accountbackup.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.ObjectLock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Object Lock settings as users write them: a mode and a duration; anything else is refused naming the setting. */
class ObjectLockPolicyTest {

    private static ObjectLockPolicy parse(String mode, String retainFor) {
        return ObjectLockPolicy.parse("storage.s3.objectLock.mode", mode, "storage.s3.objectLock.retainFor", retainFor);
    }

    @Test
    void aBackupIsLockedFromItsStartForRetainFor() {
        ObjectLockPolicy policy = parse("compliance", "30d");
        assertEquals(new ObjectLockPolicy(ObjectLock.Mode.COMPLIANCE, Duration.ofDays(30)), policy);
        ObjectLock lock = policy.lockFrom(Instant.parse("2026-12-06T02:00:00.750Z"));
        assertEquals(Instant.parse("2027-01-05T02:00:00Z"), lock.retainUntil(), "to the second, as S3 keeps it");
        assertEquals("locked until 2027-01-05T02:00:00Z (COMPLIANCE)", lock.describe());
        assertTrue(lock.holdsAt(Instant.parse("2027-01-05T01:59:59Z")));
        assertFalse(lock.holdsAt(Instant.parse("2027-01-05T02:00:00Z")), "an expired lock protects nothing");
        assertEquals(ObjectLock.Mode.GOVERNANCE, parse(" GOVERNANCE ", "2w").mode());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "WORM|30d|storage.s3.objectLock.mode \"WORM\" is not one of GOVERNANCE, COMPLIANCE",
                "|30d|storage.s3.objectLock.mode is required",
                "GOVERNANCE||storage.s3.objectLock.retainFor is required",
                "GOVERNANCE|0|storage.s3.objectLock.retainFor \"0\" is shorter than one day",
                "GOVERNANCE|23h|storage.s3.objectLock.retainFor \"23h\" is shorter than one day",
                "GOVERNANCE|-1d|storage.s3.objectLock.retainFor \"-1d\" is not a duration",
                "COMPLIANCE|3651d|storage.s3.objectLock.retainFor \"3651d\" is longer than 3650d",
                "COMPLIANCE|99999999999999w|storage.s3.objectLock.retainFor \"99999999999999w\" is too large",
                "COMPLIANCE|thirty days|storage.s3.objectLock.retainFor \"thirty days\" is not a duration"
            })
    void wrongSettingsAreRefusedNamingTheField(String mode, String retainFor, String message) {
        BackupException e = assertThrows(BackupException.class, () -> parse(mode, retainFor));
        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
