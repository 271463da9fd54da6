package dev.accountbackup.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.RunMode;
import dev.accountbackup.operator.jobs.batch.BatchJobSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

    @Test
    void inClusterDefaults() {
        OperatorSettings s = OperatorSettings.fromEnvironment(Map.of("POD_NAMESPACE", "account-backup-system"));
        assertTrue(s.cluster().leaderElection());
        assertEquals("account-backup-system", s.cluster().leaseNamespace());
        assertEquals("account-backup-operator", s.cluster().leaseName());
        assertTrue(s.cluster().useServerSideApply());
        assertEquals(8080, s.ports().health());
        assertTrue(s.cluster().watchNamespaces().isEmpty(), "all namespaces");
        assertEquals(Duration.ofSeconds(10), s.timing().retryBaseDelay());
        assertEquals(RunMode.InProcess, s.batchJobs().defaultMode(), "runs in process unless told");
        assertNull(s.batchJobs().image(), "Jobs run the operator's own image");
        assertEquals(Duration.ofHours(1), s.batchJobs().ttlAfterFinished());
    }

    @Test
    void metricsAreServedBesideTheHealthEndpointsUnlessGivenAPortOfTheirOwn() {
        assertEquals(8080, OperatorSettings.fromEnvironment(Map.of()).ports().metrics());
        assertEquals(
                9090,
                OperatorSettings.fromEnvironment(Map.of("ACCOUNT_BACKUP_HEALTH_PORT", "9090"))
                        .ports()
                        .metrics());
        assertEquals(
                9100,
                OperatorSettings.fromEnvironment(Map.of("ACCOUNT_BACKUP_METRICS_PORT", "9100"))
                        .ports()
                        .metrics());
        assertEquals(
                -1,
                OperatorSettings.fromEnvironment(Map.of("ACCOUNT_BACKUP_METRICS_PORT", "-1"))
                        .ports()
                        .metrics());
        assertEquals(-1, OperatorSettings.local().ports().metrics(), "tests and the demo serve no metrics");
    }

    @Test
    void outsideAClusterThereIsNoLeaderElection() {
        assertFalse(OperatorSettings.fromEnvironment(Map.of()).cluster().leaderElection());
    }

    @Test
    void everySettingCanBeChanged() {
        OperatorSettings s = OperatorSettings.fromEnvironment(Map.of(
                "POD_NAMESPACE", "ops",
                "WATCH_NAMESPACES", "shop, billing",
                "ACCOUNT_BACKUP_LEADER_ELECTION", "false",
                "ACCOUNT_BACKUP_USE_SSA", "false",
                "ACCOUNT_BACKUP_HEALTH_PORT", "9090",
                "ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS", "4",
                "ACCOUNT_BACKUP_RETRY_BASE_DELAY", "500ms",
                "ACCOUNT_BACKUP_RETRY_MAX_DELAY", "PT2M",
                "ACCOUNT_BACKUP_POLL_INTERVAL", "5s",
                "ACCOUNT_BACKUP_RESYNC_INTERVAL", "1h"));
        assertEquals(Set.of("shop", "billing"), s.cluster().watchNamespaces());
        assertFalse(s.cluster().leaderElection());
        assertFalse(s.cluster().useServerSideApply());
        assertEquals(9090, s.ports().health());
        assertEquals(4, s.caps().total());
        assertEquals(Duration.ofMillis(500), s.timing().retryBaseDelay());
        assertEquals(Duration.ofMinutes(2), s.timing().retryMaxDelay());
        assertEquals(Duration.ofSeconds(5), s.timing().pollInterval());
        assertEquals(Duration.ofHours(1), s.timing().resyncInterval());
    }

    @Test
    void runsAsJobsAreSetFromTheEnvironment() {
        OperatorSettings s = OperatorSettings.fromEnvironment(Map.of(
                "ACCOUNT_BACKUP_RUN_AS", "job",
                "ACCOUNT_BACKUP_JOB_IMAGE", "registry.example/account-backup-operator:1.0",
                "ACCOUNT_BACKUP_JOB_SERVICE_ACCOUNT", "backup-runner",
                "ACCOUNT_BACKUP_JOB_TTL", "30m"));
        assertEquals(
                new BatchJobSettings(
                        RunMode.Job,
                        "registry.example/account-backup-operator:1.0",
                        "backup-runner",
                        Duration.ofMinutes(30)),
                s.batchJobs());
    }

    @Test
    void aNamespaceMayRunAsManyAsTheOperatorUnlessCappedOnItsOwn() {
        OperatorSettings uncapped =
                OperatorSettings.fromEnvironment(Map.of("ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS", "50"));
        assertEquals(50, uncapped.caps().perNamespace());
        OperatorSettings capped = OperatorSettings.fromEnvironment(Map.of(
                "ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS", "50", "ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS_PER_NAMESPACE", "5"));
        assertEquals(5, capped.caps().perNamespace());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> OperatorSettings.fromEnvironment(
                        Map.of("ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS_PER_NAMESPACE", "0")));
        assertTrue(e.getMessage().contains("ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS_PER_NAMESPACE"));
    }

    @Test
    void badValuesNameTheVariable() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> OperatorSettings.fromEnvironment(Map.of("ACCOUNT_BACKUP_USE_SSA", "maybe")));
        assertTrue(e.getMessage().contains("ACCOUNT_BACKUP_USE_SSA"));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> OperatorSettings.fromEnvironment(Map.of("ACCOUNT_BACKUP_RETRY_BASE_DELAY", "soon")));
        assertTrue(e.getMessage().contains("ACCOUNT_BACKUP_RETRY_BASE_DELAY"));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> OperatorSettings.fromEnvironment(Map.of("ACCOUNT_BACKUP_RUN_AS", "Pod")));
        assertTrue(e.getMessage().contains("ACCOUNT_BACKUP_RUN_AS='Pod' is not one of InProcess, Job"), e.getMessage());
    }
}
