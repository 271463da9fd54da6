package dev.accountbackup.bench;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreSpec;
import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.api.FilesystemStorageSpec;
import dev.accountbackup.api.RunMode;
import dev.accountbackup.api.S3StorageSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.demo.InProcessKubernetes;
import dev.accountbackup.demo.InProcessS3;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.operator.OperatorRunner;
import dev.accountbackup.operator.OperatorSettings;
import dev.accountbackup.operator.RunningOperator;
import dev.accountbackup.operator.jobs.batch.BatchJobSettings;
import dev.accountbackup.operator.resolve.TenantBoundary;
import dev.accountbackup.sample.EmbeddedDatabase;
import dev.accountbackup.sample.SampleAccounts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The fleet benchmark: the operator in this process against an in-process Kubernetes API server and an embedded
 * PostgreSQL with tiny tables, so that what is measured is the operator (its line of runs, its API traffic, its
 * memory), not the exports. It prints the thundering herd (every AccountBackup scheduled at {@code 0 2 * * *}) at a
 * high cap on runs at once and at the in-process default, then the memory with many resources present. The clock is
 * real time shifted so that 02:00 comes a few seconds after the operator starts.
 */
public final class FleetBenchmark {

    /**
     * How the first herd's runs execute: on the operator's threads, or as Kubernetes Jobs (in S3 storage, which Jobs
     * need, served in process; a stand-in kubelet runs each Job's command in this process after {@code runTime}).
     */
    public enum Executor {
        IN_PROCESS,
        JOBS
    }

    /**
     * @param backups      AccountBackups of the herd
     * @param namespaces   namespaces they are spread over (evenly)
     * @param cap          runs at once in the herd (ACCOUNT_BACKUP_MAX_CONCURRENT_JOBS)
     * @param perNamespace runs at once of one namespace in the herd
     * @param threads      runs at once in the in-process run: the default job threads
     * @param present      AccountBackups, and as many AccountRestores, present for the memory figure; 0 skips it
     * @param hold         how long each export of the first herd is held after its work, standing in for bigger tables
     *                     or a Kubernetes Job's start-up: with tiny tables a run ends before the next ones arrive, so
     *                     nothing waits in line and runs start in the order they arrive
     * @param runTime      with Jobs: how long each pod takes before its command runs (start-up and a bigger table)
     * @param operatorProcess for the memory figure, run the operator as a JVM of its own with its Deployment's memory
     *                     settings, instead of in this process
     */
    public record Plan(
            int backups,
            int namespaces,
            int cap,
            int perNamespace,
            int threads,
            int present,
            Duration hold,
            Executor executor,
            Duration runTime,
            boolean operatorProcess) {}

    private static final String SCHEDULE = "0 2 * * *";
    private static final long MIB = 1024 * 1024;
    private static final Duration POLL = Duration.ofSeconds(2);

    private static final String S3_KEY = "fleet-bench-key";
    private static final String S3_SECRET = "fleet-bench-secret";

    private final Plan plan;
    private final PrintWriter out;
    private final StandInKubelet.Command command;

    /** @param command the command line's entry point, which the stand-in kubelet runs for each Job */
    public FleetBenchmark(Plan plan, PrintWriter out, StandInKubelet.Command command) {
        this.plan = plan;
        this.out = out;
        this.command = command;
    }

    public void run() throws Exception {
        Path storage = Files.createTempDirectory("fleet-bench");
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start()) {
            DatabaseTarget db = postgres.createDatabase("fleet");
            try (Connection c = postgres.connect(db.database())) {
                SampleAccounts.createAndSeed(c, 3);
            }
            out.printf(
                    "Fleet benchmark: %d AccountBackups in %d namespaces, all scheduled at %s; tiny tables; %s executor;"
                            + " %d cores, max heap %d MiB%n",
                    plan.backups(),
                    plan.namespaces(),
                    SCHEDULE,
                    plan.executor().name().toLowerCase().replace('_', '-'),
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / MIB);
            if (plan.executor() == Executor.JOBS) {
                try (InProcessS3 s3 = InProcessS3.start(S3_KEY, S3_SECRET)) {
                    herd(db, Where.jobs(s3), plan.cap(), plan.perNamespace(), plan.hold());
                }
            } else {
                herd(
                        db,
                        Where.inProcess(Files.createDirectory(storage.resolve("herd"))),
                        plan.cap(),
                        plan.perNamespace(),
                        plan.hold());
            }
            herd(
                    db,
                    Where.inProcess(Files.createDirectory(storage.resolve("in-process"))),
                    plan.threads(),
                    plan.threads(),
                    Duration.ZERO);
            if (plan.present() > 0) {
                present(db, Files.createDirectory(storage.resolve("present")));
            }
        } finally {
            Files.walk(storage)
                    .sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Where a herd's backups run and store: in process on the file system, or as Jobs in S3.
     *
     * @param filesystem the storage root of runs in process, null with Jobs
     * @param s3         the S3 server of runs as Jobs, null in process
     */
    private record Where(Path filesystem, InProcessS3 s3) {
        static Where inProcess(Path filesystem) {
            return new Where(filesystem, null);
        }

        static Where jobs(InProcessS3 s3) {
            return new Where(null, s3);
        }

        boolean asJobs() {
            return s3 != null;
        }
    }

    /** All backups due at the same minute: how they drain at this cap, fairly or not, and at what cost. */
    private void herd(DatabaseTarget db, Where where, int cap, int perNamespace, Duration hold) throws Exception {
        out.printf(
                "%nThe thundering herd at most %d runs at once (%s)%s:%n",
                cap,
                perNamespace < cap ? perNamespace + " per namespace" : "no cap per namespace",
                where.asJobs()
                        ? ", as Kubernetes Jobs, each pod running "
                                + plan.runTime().toMillis() / 1000.0 + " s before its command"
                        : hold.isZero() ? "" : ", each export held " + hold.toMillis() / 1000.0 + " s after its work");
        out.flush();
        RequestCounter counter = new RequestCounter();
        try (InProcessKubernetes kubernetes = InProcessKubernetes.start();
                KubernetesClient operatorClient = kubernetes.newClient(b -> b.withHttpClientBuilderConsumer(
                        http -> http.addOrReplaceInterceptor("fleet-bench", counter)))) {
            KubernetesClient client = kubernetes.client();
            int perNs = Math.max(1, plan.backups() / plan.namespaces());
            String bucket = where.asJobs() ? bucket(where.s3()) : null;
            for (int n = 0; n < plan.namespaces(); n++) {
                String namespace = namespace("tenant", n);
                tenant(client, namespace, db);
                if (where.asJobs()) {
                    secret(client, namespace, "fleet-s3", "accessKeyId", S3_KEY, "secretAccessKey", S3_SECRET);
                }
                for (int i = 0; i < perNs; i++) {
                    StorageSpec store =
                            where.asJobs() ? s3Storage(where.s3(), bucket) : filesystemStorage(where.filesystem());
                    client.resource(backup(namespace, String.format("nightly-%02d", i), db, store, SCHEDULE))
                            .create();
                }
            }
            int total = perNs * plan.namespaces();
            // time for the operator to see every backup before 02:00 (and to tell its line what is due), even when the
            // in-process API server answers slowly
            Duration lead = Duration.ofSeconds(Math.max(30, total / 5));
            Instant due = next0200(Instant.now().plus(lead));
            Clock clock = Clock.offset(
                    Clock.systemUTC(), Duration.between(Instant.now().plus(lead), due));
            RecordingEngine engine = new RecordingEngine(clock, hold);
            PeakMemory.reset();
            OperatorSettings settings = where.asJobs()
                    ? settings(null, cap, perNamespace)
                            .withBatchJobs(BatchJobSettings.defaults()
                                    .withDefaultMode(RunMode.Job)
                                    .withImage("account-backup-operator:fleet-bench"))
                    : settings(where.filesystem(), cap, perNamespace);
            try (StandInKubelet kubelet = where.asJobs() ? new StandInKubelet(client, command, plan.runTime()) : null;
                    RunningOperator operator = OperatorRunner.start(operatorClient, settings, engine, clock)) {
                while (clock.instant().isBefore(due) && !allScheduled(client, total)) {
                    Thread.sleep(POLL.toMillis());
                }
                out.printf(
                        "  before 02:00       %s%n",
                        allScheduled(client, total)
                                ? "the operator had seen every backup"
                                : "NOT every backup had been seen by the operator: the fairness figure is not valid");
                while (clock.instant().isBefore(due)) {
                    Thread.sleep(100);
                }
                RequestCounter.Counts atDue = counter.now();
                Instant drained = awaitAll(client, total, clock);
                RequestCounter.Counts herd = counter.now().since(atDue);
                List<AccountBackup> backups = client.resources(AccountBackup.class)
                        .inAnyNamespace()
                        .list()
                        .getItems();
                long succeeded = backups.stream()
                        .filter(b -> b.getStatus() != null && b.getStatus().getLastSuccessfulBackup() != null)
                        .count();
                long skipped = backups.stream()
                        .filter(b -> b.getStatus() != null
                                && b.getStatus().getSkippedRuns() != null
                                && !b.getStatus().getSkippedRuns().isEmpty())
                        .count();
                Duration drain = Duration.between(due, drained);
                double minutes = Math.max(drain.toMillis(), 1) / 60_000.0;
                // a Job is created when its run gets a slot: the order of Jobs is the order of starts
                RecordingEngine.Fairness fairness = kubelet != null
                        ? RecordingEngine.Fairness.of(
                                kubelet.jobs().stream()
                                        .map(job -> job.getMetadata().getNamespace())
                                        .toList(),
                                10)
                        : engine.fairness(10);
                Instant lastInLine = backups.stream()
                        .map(b -> b.getStatus() == null ? null : b.getStatus().getStartedAt())
                        .filter(java.util.Objects::nonNull)
                        .map(Instant::parse)
                        .max(Instant::compareTo)
                        .orElse(due);
                out.printf("  succeeded          %d of %d, skipped %d%n", succeeded, total, skipped);
                out.printf(
                        "  arrival            every run had started or was in line %.1f s after 02:00:00%n",
                        Duration.between(due, lastInLine).toMillis() / 1000.0);
                out.printf(
                        "  fairness           the last namespace's first run started as run #%d, the first tenth run of a"
                                + " namespace as #%s: %s%n",
                        fairness.lastFirstRun(),
                        fairness.earliestNthRun() == 0
                                ? "- (fewer than 10 per namespace)"
                                : String.valueOf(fairness.earliestNthRun()),
                        fairness.fair() ? "fair" : "NOT fair");
                out.printf(
                        "  time to drain      %.1f s from 02:00:00 to the last status%s, %.1f runs/s: the throughput"
                                + " limit at this cap on this machine and API server%n",
                        drain.toMillis() / 1000.0,
                        engine.lastEnd()
                                .map(end -> " (last export ended at +"
                                        + Duration.between(due, end).toMillis() / 1000.0 + " s)")
                                .orElse(where.asJobs() ? " (" + kubelet.jobs().size() + " Jobs)" : ""),
                        total / Math.max(drain.toMillis() / 1000.0, 0.001));
                out.printf(
                        "  API requests       %d by the operator (%.0f per minute), %.1f status writes per run%n",
                        herd.requests(), herd.requests() / minutes, herd.statusWrites() / (double) Math.max(total, 1));
                memory(operator);
            }
        }
    }

    /** Many resources present and settled: what the operator holds for them. */
    private void present(DatabaseTarget db, Path storage) throws Exception {
        int n = plan.present();
        out.printf(
                "%nMemory with %d AccountBackups (scheduled, not due) and %d AccountRestores (settled) present:%n",
                n, n);
        out.flush();
        try (InProcessKubernetes kubernetes = InProcessKubernetes.start()) {
            KubernetesClient client = kubernetes.client();
            for (int ns = 0; ns < plan.namespaces(); ns++) {
                tenant(client, namespace("tenant", ns), db);
            }
            for (int i = 0; i < n; i++) {
                String namespace = namespace("tenant", i % plan.namespaces());
                client.resource(backup(namespace, "yearly-" + i, db, filesystemStorage(storage), "0 3 1 1 *"))
                        .create();
                client.resource(restore(namespace, "restore-" + i, "yearly-" + i))
                        .create();
            }
            if (plan.operatorProcess()) {
                presentInOwnProcess(kubernetes, storage, n);
                return;
            }
            long before = heapAfterGc();
            PeakMemory.reset();
            Clock clock = Clock.systemUTC();
            try (RunningOperator operator = OperatorRunner.start(
                    client,
                    settings(storage, plan.threads(), plan.threads()),
                    new RecordingEngine(clock, Duration.ZERO),
                    clock)) {
                awaitSettled(client, n);
                long heap = heapAfterGc();
                out.printf(
                        "  operator heap      %d MiB after GC above the API server's own (%d MiB in all),"
                                + " process resident peak %d MiB%n",
                        (heap - before) / MIB, heap / MIB, PeakMemory.residentPeak() / MIB);
            }
        }
    }

    /** The operator as a JVM of its own, as in its pod: its resident set beside the Deployment's limit. */
    private void presentInOwnProcess(InProcessKubernetes kubernetes, Path storage, int n) throws Exception {
        try (OperatorProcess operator = OperatorProcess.start(kubernetes.url(), storage, storage)) {
            Instant giveUp = Instant.now().plus(Duration.ofSeconds(120 + n / 10));
            while (!isSettled(kubernetes.client(), n) && Instant.now().isBefore(giveUp) && operator.isAlive()) {
                Thread.sleep(POLL.toMillis());
            }
            if (!operator.isAlive() || !isSettled(kubernetes.client(), n)) {
                out.printf(
                        "  the operator process %s before every resource settled: see %s%n",
                        operator.isAlive() ? "was still busy" : "ended", operator.log());
            }
            Thread.sleep(Duration.ofSeconds(30).toMillis()); // settled: what it holds from now on
            out.printf(
                    "  operator process   %s: resident %d MiB settled, peak %d MiB while it read and settled them all;"
                            + " the Deployment's limit is 768 MiB%n",
                    String.join(" ", OperatorProcess.DEPLOYMENT_JVM),
                    PeakMemory.ofProcess(operator.pid(), "VmRSS") / MIB,
                    PeakMemory.ofProcess(operator.pid(), "VmHWM") / MIB);
        }
    }

    private void memory(RunningOperator operator) {
        long running = heapAfterGc();
        out.printf(
                "  memory             heap %d MiB after GC with the operator idle, peak %d MiB;"
                        + " process resident peak %d MiB (API server and bench included)%n",
                running / MIB, PeakMemory.heapPeak() / MIB, PeakMemory.residentPeak() / MIB);
        out.flush();
    }

    /** Waits until every backup shows a successful run; returns the bench clock's time then. */
    private static Instant awaitAll(KubernetesClient client, int total, Clock clock) throws InterruptedException {
        // generous: on a loaded machine the in-process API server answers slowly
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120 + 3L * total));
        while (Instant.now().isBefore(giveUp)) {
            long done = client.resources(AccountBackup.class).inAnyNamespace().list().getItems().stream()
                    .filter(b -> b.getStatus() != null && b.getStatus().getLastSuccessfulBackup() != null)
                    .count();
            if (done >= total) {
                return clock.instant();
            }
            Thread.sleep(POLL.toMillis());
        }
        return clock.instant();
    }

    /** Waits until every backup and restore has a phase: the operator has seen all of them once. */
    private static void awaitSettled(KubernetesClient client, int n) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120 + n / 10));
        while (Instant.now().isBefore(giveUp) && !isSettled(client, n)) {
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Whether every backup shows its next scheduled time: the operator has seen it and knows when it is due. */
    private static boolean allScheduled(KubernetesClient client, int n) {
        return settled(
                        client.resources(AccountBackup.class)
                                .inAnyNamespace()
                                .list()
                                .getItems(),
                        b -> b.getStatus() == null ? null : b.getStatus().getNextScheduleTime())
                >= n;
    }

    private static boolean isSettled(KubernetesClient client, int n) {
        long backups = settled(
                client.resources(AccountBackup.class).inAnyNamespace().list().getItems(),
                b -> b.getStatus() == null ? null : b.getStatus().getNextScheduleTime());
        long restores = settled(
                client.resources(AccountRestore.class).inAnyNamespace().list().getItems(),
                r -> r.getStatus() == null ? null : r.getStatus().getPhase());
        return backups >= n && restores >= n;
    }

    private static <R extends HasMetadata> long settled(List<R> resources, Function<R, Object> shown) {
        return resources.stream().filter(r -> shown.apply(r) != null).count();
    }

    /** @param storage the file-system root the backups may use, null for none */
    private static OperatorSettings settings(Path storage, int cap, int perNamespace) {
        OperatorSettings settings = OperatorSettings.local().withMaxConcurrentJobs(cap, perNamespace);
        return storage == null
                ? settings
                : settings.withTenancy(TenantBoundary.defaults().withFilesystemRoots(storage.toAbsolutePath()));
    }

    /** The first 02:00 UTC after {@code t}. */
    static Instant next0200(Instant t) {
        ZonedDateTime at = t.atZone(ZoneOffset.UTC).with(LocalTime.of(2, 0));
        return at.toInstant().isAfter(t) ? at.toInstant() : at.plusDays(1).toInstant();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String namespace(String prefix, int n) {
        return String.format("%s-%03d", prefix, n);
    }

    private static void tenant(KubernetesClient client, String namespace, DatabaseTarget db) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        secret(client, namespace, "fleet-db", "username", db.user(), "password", "not-checked-for-the-superuser");
    }

    private static void secret(
            KubernetesClient client,
            String namespace,
            String name,
            String key1,
            String value1,
            String key2,
            String value2) {
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .addToData(key1, base64(value1))
                        .addToData(key2, base64(value2))
                        .build())
                .create();
    }

    /** A new bucket in the in-process S3 server. */
    private static String bucket(InProcessS3 s3) {
        String name = "fleet-bench";
        try (S3Client client = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3_KEY, S3_SECRET)))
                .forcePathStyle(true)
                .build()) {
            client.createBucket(b -> b.bucket(name));
        }
        return name;
    }

    private static StorageSpec s3Storage(InProcessS3 s3, String bucket) {
        S3StorageSpec spec = new S3StorageSpec();
        spec.setBucket(bucket);
        spec.setEndpoint(s3.endpoint().toString());
        spec.setRegion("us-east-1");
        spec.setForcePathStyle(true);
        spec.setCredentialsSecret("fleet-s3");
        StorageSpec store = new StorageSpec();
        store.setS3(spec);
        return store;
    }

    private static StorageSpec filesystemStorage(Path storage) {
        FilesystemStorageSpec fs = new FilesystemStorageSpec();
        fs.setPath(storage.toAbsolutePath().toString());
        StorageSpec store = new StorageSpec();
        store.setFilesystem(fs);
        return store;
    }

    private static AccountBackup backup(
            String namespace, String name, DatabaseTarget db, StorageSpec store, String schedule) {
        DatabaseSpec database = new DatabaseSpec();
        database.setHost(db.host());
        database.setPort(db.port());
        database.setName(db.database());
        database.setCredentialsSecret("fleet-db");
        AccountBackupSpec spec = new AccountBackupSpec();
        spec.setDatabase(database);
        spec.setTables(List.of("public.users"));
        spec.setStorage(store);
        spec.setSchedule(schedule);
        AccountBackup backup = new AccountBackup();
        backup.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        backup.setSpec(spec);
        return backup;
    }

    /** A restore of a backup that never ran: it settles at once and stays so. */
    private static AccountRestore restore(String namespace, String name, String backupName) {
        AccountRestoreSpec spec = new AccountRestoreSpec();
        spec.setBackupName(backupName);
        AccountRestore restore = new AccountRestore();
        restore.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        restore.setSpec(spec);
        return restore;
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
