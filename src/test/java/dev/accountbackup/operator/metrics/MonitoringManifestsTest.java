package dev.accountbackup.operator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreSpec;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.BackedUpTable;
import dev.accountbackup.api.BackupRecord;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoredTable;
import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.operator.jobs.JobQueueStats;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring component in deploy/monitoring: its objects fit together and with the Deployment, its alert rules pass
 * their promtool unit tests, its dashboard's queries parse, and every metric they name is one the operator serves.
 */
class MonitoringManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path MONITORING = DEPLOY.resolve("monitoring");
    private static final Path DASHBOARD = MONITORING.resolve("account-backup-dashboard.json");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final Pattern OWN_METRIC = Pattern.compile("\\b(?:accountbackup|accountrestore)_[a-z_]+");

    @TempDir
    Path work;

    @Test
    void theComponentInstallsEveryManifestAndTheDashboard() throws IOException {
        Map<String, Object> component = yaml(MONITORING.resolve("kustomization.yaml"));
        assertEquals("Component", component.get("kind"));
        Set<String> manifests;
        try (Stream<Path> files = Files.list(MONITORING)) {
            manifests = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(manifests, new TreeSet<>(strings(component.get("resources"))));
        Map<?, ?> dashboards = (Map<?, ?>) ((List<?>) component.get("configMapGenerator")).get(0);
        assertEquals(List.of(DASHBOARD.getFileName().toString()), dashboards.get("files"));
        assertEquals("1", ((Map<?, ?>) ((Map<?, ?>) dashboards.get("options")).get("labels")).get("grafana_dashboard"));

        // kubectl apply -k deploy/ works without the Prometheus Operator: the component is only named in a comment
        Map<String, Object> install = yaml(DEPLOY.resolve("kustomization.yaml"));
        assertFalse(install.containsKey("components"));
        assertFalse(strings(install.get("resources")).contains("monitoring"));
    }

    @Test
    void theServiceMonitorScrapesTheOperatorsMetricsPort() throws IOException {
        Map<String, Object> deployment = yaml(DEPLOY.resolve("deployment.yaml"));
        Map<?, ?> podLabels = (Map<?, ?>) path(deployment, "spec", "template", "metadata", "labels");
        Map<?, ?> container = (Map<?, ?>) ((List<?>) path(deployment, "spec", "template", "spec", "containers")).get(0);
        Map<?, ?> containerPort = (Map<?, ?>) ((List<?>) container.get("ports")).get(0);

        Map<String, Object> service = yaml(MONITORING.resolve("service.yaml"));
        Map<?, ?> selector = (Map<?, ?>) path(service, "spec", "selector");
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "the Service selects the operator's pods");
        Map<?, ?> servicePort = (Map<?, ?>) ((List<?>) path(service, "spec", "ports")).get(0);
        // /metrics is served beside /healthz unless ACCOUNT_BACKUP_METRICS_PORT says otherwise
        assertEquals(containerPort.get("name"), servicePort.get("targetPort"));

        Map<String, Object> monitor = yaml(MONITORING.resolve("servicemonitor.yaml"));
        Map<?, ?> matchLabels = (Map<?, ?>) path(monitor, "spec", "selector", "matchLabels");
        Map<?, ?> serviceLabels = (Map<?, ?>) path(service, "metadata", "labels");
        assertTrue(
                serviceLabels.entrySet().containsAll(matchLabels.entrySet()), "the ServiceMonitor selects the Service");
        Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) path(monitor, "spec", "endpoints")).get(0);
        assertEquals(servicePort.get("name"), endpoint.get("port"));
        assertEquals("/metrics", endpoint.get("path"));
        assertEquals(Boolean.TRUE, endpoint.get("honorLabels"), "the backups' namespace label must not be renamed");
        assertTrue(
                rulesText().contains("job=\"" + path(service, "metadata", "name") + "\""),
                "the operator-down alert looks for the Service's job");
    }

    @Test
    void theAlertRulesPassTheirPromtoolTests() throws Exception {
        Path rules = work.resolve("rules.yaml");
        Files.writeString(rules, YAML.asYaml(Map.of("groups", ruleGroups())));
        Files.copy(Path.of("src/test/resources/monitoring/alerts-test.yaml"), work.resolve("alerts-test.yaml"));
        promtool("check", "rules", rules.toString());
        promtool("test", "rules", work.resolve("alerts-test.yaml").toString());
    }

    @Test
    void theDashboardsQueriesParse() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        List<String> queries = dashboardQueries();
        assertTrue(queries.size() > 10, "the dashboard has its panels");
        for (int i = 0; i < queries.size(); i++) {
            // Grafana's variables, given values, so that promtool can parse each query
            String expr = queries.get(i).replace("$namespace", "shop").replace("$name", "nightly");
            records.add(Map.of("record", "dashboard_query_" + i, "expr", expr));
        }
        Path file = work.resolve("dashboard-queries.yaml");
        Files.writeString(file, YAML.asYaml(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", records)))));
        promtool("check", "rules", file.toString());
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardNameIsServed() throws IOException {
        Set<String> served;
        try (OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC())) {
            metrics.observe(() -> List.of(scheduledBackup()), () -> List.of(finishedRestore()), noJobs(), () -> true);
            served = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)")
                    .matcher(metrics.scrape())
                    .results()
                    .map(m -> m.group(1))
                    .collect(Collectors.toSet());
        }
        Set<String> named = new TreeSet<>();
        named.addAll(ownMetrics(rulesText()));
        dashboardQueries().forEach(q -> named.addAll(ownMetrics(q)));
        assertTrue(named.size() > 15, "found the metric names: " + named);
        named.removeAll(served);
        assertEquals(Set.of(), named, "named in deploy/monitoring, served by no operator");
    }

    private static Set<String> ownMetrics(String text) {
        Matcher m = OWN_METRIC.matcher(text);
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** Runs promtool; outside CI, a machine without it skips the test (Debian's prometheus package has it). */
    private void promtool(String... args) throws IOException, InterruptedException {
        Optional<Path> promtool = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if (promtool.isEmpty()) {
            String missing = "promtool is not installed: apt-get install prometheus (.ci/run installs it)";
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    }

    /** The rule groups of the PrometheusRule: what the Prometheus Operator hands to Prometheus. */
    private static List<?> ruleGroups() throws IOException {
        Map<String, Object> rule = yaml(MONITORING.resolve("prometheusrule.yaml"));
        assertEquals("PrometheusRule", rule.get("kind"));
        List<?> groups = (List<?>) path(rule, "spec", "groups");
        assertFalse(groups.isEmpty());
        return groups;
    }

    private static String rulesText() throws IOException {
        return Files.readString(MONITORING.resolve("prometheusrule.yaml"));
    }

    private static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").path("query").asText("");
            Matcher m = Pattern.compile("label_values\\((.*), \\w+\\)").matcher(query);
            if (m.matches()) {
                queries.add(m.group(1));
            }
        }
        return queries;
    }

    private static AccountBackup scheduledBackup() {
        AccountBackup backup = new AccountBackup();
        backup.setMetadata(new ObjectMetaBuilder()
                .withNamespace("shop")
                .withName("nightly")
                .withCreationTimestamp("2026-11-01T00:00:00Z")
                .build());
        AccountBackupSpec spec = new AccountBackupSpec();
        spec.setSchedule("0 2 * * *");
        spec.setSnapshot(new SnapshotSpec());
        backup.setSpec(spec);
        AccountBackupStatus status = new AccountBackupStatus();
        status.setPhase(Phase.Succeeded);
        status.setStartedAt("2026-12-01T02:00:00Z");
        status.setCompletedAt("2026-12-01T02:03:00Z");
        status.setNextScheduleTime("2026-12-02T02:00:00Z");
        status.setTables(List.of(new BackedUpTable("public.users", 100, 2048, "00")));
        status.setLastSuccessfulBackup(BackupRecord.succeeded(
                "20261201T020000Z", "2026-12-01T02:03:00Z", Map.of("public.users", 100L), "file:///b", null));
        backup.setStatus(status);
        return backup;
    }

    private static AccountRestore finishedRestore() {
        AccountRestore restore = new AccountRestore();
        restore.setMetadata(
                new ObjectMetaBuilder().withNamespace("shop").withName("undo").build());
        restore.setSpec(new AccountRestoreSpec());
        AccountRestoreStatus status = new AccountRestoreStatus();
        status.setPhase(Phase.Succeeded);
        status.setDryRun(false);
        status.setStartedAt("2026-12-01T09:00:00Z");
        status.setCompletedAt("2026-12-01T09:00:05Z");
        RestoredTable users = new RestoredTable();
        users.setName("public.users");
        users.setInserted(5L);
        users.setUpdated(0L);
        users.setDeleted(0L);
        status.setTables(List.of(users));
        restore.setStatus(status);
        return restore;
    }

    private static JobQueueStats noJobs() {
        return new JobQueueStats() {
            @Override
            public int running() {
                return 0;
            }

            @Override
            public int queued() {
                return 0;
            }

            @Override
            public Optional<Instant> oldestQueuedSince() {
                return Optional.empty();
            }
        };
    }

    private static List<String> strings(Object list) {
        return list == null
                ? List.of()
                : ((List<?>) list).stream().map(Object::toString).toList();
    }

    private static Object path(Map<String, Object> object, String... keys) {
        Object at = object;
        for (String key : keys) {
            at = ((Map<?, ?>) at).get(key);
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return new LinkedHashMap<>(YAML.unmarshal(Files.readString(file), Map.class));
    }
}
