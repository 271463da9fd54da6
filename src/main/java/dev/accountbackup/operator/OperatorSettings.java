package dev.accountbackup.operator;

import dev.accountbackup.operator.jobs.batch.BatchJobSettings;
import dev.accountbackup.operator.resolve.TenantBoundary;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the operator runs. {@link #fromEnvironment} reads these variables (all optional):
 * <ul>
 * <li>{@code WATCH_NAMESPACES}: comma-separated namespaces to watch; default all.</li>
 * <li>{@code POD_NAMESPACE}: the operator's namespace, set from the downward API; holds the leader-election Lease.
 *     Without it the operator assumes it runs outside a cluster and does not elect a leader.</li>
 * <li>{@code ACCOUNT_BACKUP_LEADER_ELECTION}: {@code false} to run without leader election (one replica only). Default true.</li>
 * <li>{@code ACCOUNT_BACKUP_LEASE_NAME}: name of the Lease. Default {@code account-backup-operator}.</li>
 * <li>{@code ACCOUNT_BACKUP_USE_SSA}: {@code false} to write statuses with merge patches instead of server-side apply,
 *     for API servers without server-side apply. Default true.</li>
 * <li>{@code ACCOUNT_BACKUP_HEALTH_PORT}: port of /healthz and /readyz; -1 turns them off. Default 8080.</li>
 * <li>{@code ACCOUNT_BACKUP_METRICS_PORT}: port of /metrics (Prometheus); -1 turns it off. Default: the health port.</li>
 * <li>{@code ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS}: exports and restores running at once; more wait in line. Default 2.</li>
 * <li>{@code ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS_PER_NAMESPACE}: of those, at most this many of one namespace. Default: the
 *     same as {@code ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS} (no cap of its own). Namespaces with waiting runs take turns
 *     either way.</li>
 * <li>{@code ACCOUNT_BACKUP_RETRY_BASE_DELAY}, {@code ACCOUNT_BACKUP_RETRY_MAX_DELAY}: back-off before retrying a
 *     transient failure, doubling from base up to max. Default 10s and 5m.</li>
 * <li>{@code ACCOUNT_BACKUP_POLL_INTERVAL}: how often a running job is checked in case its end went unnoticed. Default 30s.</li>
 * <li>{@code ACCOUNT_BACKUP_RESYNC_INTERVAL}: every resource is reconciled at least this often. Default 10m.</li>
 * <li>{@code ACCOUNT_BACKUP_FILESYSTEM_ROOTS}, {@code ACCOUNT_BACKUP_CROSS_NAMESPACE_READS},
 *     {@code ACCOUNT_BACKUP_OPERATOR_CREDENTIALS_NAMESPACES}: the tenant boundary, see {@link TenantBoundary}.</li>
 * <li>{@code ACCOUNT_BACKUP_RUN_AS}, {@code ACCOUNT_BACKUP_JOB_IMAGE}, {@code ACCOUNT_BACKUP_JOB_SERVICE_ACCOUNT},
 *     {@code ACCOUNT_BACKUP_JOB_TTL}: runs as Kubernetes Jobs, see {@link BatchJobSettings}.</li>
 * </ul>
 * Durations are written like {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT10S}).
 */
public record OperatorSettings(
        Cluster cluster, Ports ports, RunCaps caps, Timing timing, TenantBoundary tenancy, BatchJobSettings batchJobs) {

    public static final String DEFAULT_LEASE_NAME = "account-backup-operator";
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /**
     * Where the operator watches and how it shares the cluster with other replicas.
     *
     * @param leaseNamespace namespace of the leader-election Lease; needed when {@code leaderElection} is on
     */
    public record Cluster(
            Set<String> watchNamespaces,
            boolean leaderElection,
            String leaseName,
            String leaseNamespace,
            boolean useServerSideApply) {
        public Cluster {
            watchNamespaces = Set.copyOf(watchNamespaces);
            if (leaderElection && (leaseNamespace == null || leaseNamespace.isBlank())) {
                throw new IllegalArgumentException("leader election needs the namespace of its Lease (POD_NAMESPACE)");
            }
        }
    }

    /** Ports of /healthz and /readyz and of /metrics; -1 turns one off, 0 takes any free port. */
    public record Ports(int health, int metrics) {}

    /** Exports and restores running at once, in all and of one namespace. */
    public record RunCaps(int total, int perNamespace) {
        public RunCaps {
            if (total < 1) {
                throw new IllegalArgumentException("ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS must be at least 1");
            }
            if (perNamespace < 1) {
                throw new IllegalArgumentException(
                        "ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS_PER_NAMESPACE must be at least 1");
            }
        }
    }

    /** The back-off of retries, how often a running job is checked, and how often every resource is reconciled. */
    public record Timing(
            Duration retryBaseDelay, Duration retryMaxDelay, Duration pollInterval, Duration resyncInterval) {
        public Timing {
            if (retryBaseDelay.isNegative() || retryMaxDelay.compareTo(retryBaseDelay) < 0) {
                throw new IllegalArgumentException("the retry delays must satisfy 0 <= base <= max");
            }
        }
    }

    /** Settings for running outside a cluster (tests, the demo): no leader election, no server-side apply, no health or metrics port. */
    public static OperatorSettings local() {
        return new OperatorSettings(
                new Cluster(Set.of(), false, DEFAULT_LEASE_NAME, null, false),
                new Ports(-1, -1),
                new RunCaps(2, 2),
                new Timing(
                        Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(10)),
                TenantBoundary.defaults(),
                BatchJobSettings.defaults());
    }

    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        String podNamespace = blankToNull(env.get("POD_NAMESPACE"));
        boolean election = podNamespace != null && bool(env, "ACCOUNT_BACKUP_LEADER_ELECTION", true);
        String watch = env.getOrDefault("WATCH_NAMESPACES", "");
        int healthPort = integer(env, "ACCOUNT_BACKUP_HEALTH_PORT", 8080);
        int jobs = integer(env, "ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS", 2);
        return new OperatorSettings(
                new Cluster(
                        Arrays.stream(watch.split(","))
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .collect(Collectors.toSet()),
                        election,
                        env.getOrDefault("ACCOUNT_BACKUP_LEASE_NAME", DEFAULT_LEASE_NAME),
                        podNamespace,
                        bool(env, "ACCOUNT_BACKUP_USE_SSA", true)),
                new Ports(healthPort, integer(env, "ACCOUNT_BACKUP_METRICS_PORT", healthPort)),
                new RunCaps(jobs, integer(env, "ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS_PER_NAMESPACE", jobs)),
                new Timing(
                        duration(env, "ACCOUNT_BACKUP_RETRY_BASE_DELAY", Duration.ofSeconds(10)),
                        duration(env, "ACCOUNT_BACKUP_RETRY_MAX_DELAY", Duration.ofMinutes(5)),
                        duration(env, "ACCOUNT_BACKUP_POLL_INTERVAL", Duration.ofSeconds(30)),
                        duration(env, "ACCOUNT_BACKUP_RESYNC_INTERVAL", Duration.ofMinutes(10))),
                TenantBoundary.fromEnvironment(env),
                BatchJobSettings.fromEnvironment(
                        env,
                        blankToNull(env.get(BatchJobSettings.TTL)) == null
                                ? null
                                : parseDuration(BatchJobSettings.TTL, env.get(BatchJobSettings.TTL))));
    }

    public OperatorSettings withHealthPort(int port) {
        return withPorts(new Ports(port, ports.metrics()));
    }

    /** @param port the port of /metrics: the health port to serve it beside /healthz, 0 for any free one, -1 for none */
    public OperatorSettings withMetricsPort(int port) {
        return withPorts(new Ports(ports.health(), port));
    }

    private OperatorSettings withPorts(Ports changed) {
        return new OperatorSettings(cluster, changed, caps, timing, tenancy, batchJobs);
    }

    /** At most {@code jobs} runs at once, and as many of one namespace (no cap of its own). */
    public OperatorSettings withMaxConcurrentJobs(int jobs) {
        return withMaxConcurrentJobs(jobs, jobs);
    }

    public OperatorSettings withMaxConcurrentJobs(int jobs, int perNamespace) {
        return new OperatorSettings(cluster, ports, new RunCaps(jobs, perNamespace), timing, tenancy, batchJobs);
    }

    public OperatorSettings withRetryDelays(Duration base, Duration max) {
        return withTiming(new Timing(base, max, timing.pollInterval(), timing.resyncInterval()));
    }

    public OperatorSettings withIntervals(Duration poll, Duration resync) {
        return withTiming(new Timing(timing.retryBaseDelay(), timing.retryMaxDelay(), poll, resync));
    }

    private OperatorSettings withTiming(Timing changed) {
        return new OperatorSettings(cluster, ports, caps, changed, tenancy, batchJobs);
    }

    public OperatorSettings withTenancy(TenantBoundary boundary) {
        return new OperatorSettings(cluster, ports, caps, timing, boundary, batchJobs);
    }

    public OperatorSettings withBatchJobs(BatchJobSettings jobs) {
        return new OperatorSettings(cluster, ports, caps, timing, tenancy, jobs);
    }

    static Duration parseDuration(String name, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + "='" + text + "' is not a duration such as 500ms, 10s, 5m, 1h or PT10S");
        }
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String v = blankToNull(env.get(name));
        return v == null ? fallback : parseDuration(name, v);
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return fallback;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(name + "='" + v + "' is not true or false");
        };
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = blankToNull(env.get(name));
        try {
            return v == null ? fallback : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + v + "' is not a whole number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
