package dev.accountbackup.testing;

import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.testing.RdsTemplates.Xml;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The state behind {@link FakeRds}: DB instances, DB clusters and their snapshots per region, and the RDS actions
 * the engine uses, answering with the XML of the RDS API reference. Things being made ("creating", "copying")
 * become available after a set number of Describe calls that show them.
 */
final class RdsSimulator {

    static final String ACCOUNT = "123456789012";

    /** One answer: HTTP status and XML body. */
    record Reply(int status, String body) {}

    /** A failure an action answers with, the next {@code remaining} times it is called. */
    private static final class Failure {
        final int status;
        final String code;
        int remaining;

        Failure(int status, String code, int remaining) {
            this.status = status;
            this.code = code;
            this.remaining = remaining;
        }
    }

    /** Thrown by the handlers to answer with an RDS error. */
    private static final class RdsError extends RuntimeException {
        final int status;
        final String code;

        RdsError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    static final class Snapshot {
        SnapshotKind kind;
        String region;
        String identifier;
        String source;
        String sourceSnapshot;
        String sourceRegion;
        String engine;
        boolean encrypted;
        String kmsKeyId;
        Instant createdAt;
        String status;
        int describesLeft;
        int describesTotal;
        Map<String, String> tags = new LinkedHashMap<>();
    }

    static final class Database {
        boolean cluster;
        String region;
        String identifier;
        String engine;
        boolean encrypted;
        String kmsKeyId;
        String status;
        int describesLeft;
        String instanceClass;
        String clusterIdentifier;
        String subnetGroup;
        String parameterGroup;
        List<String> securityGroups = List.of();
        Boolean multiAz;
        boolean publiclyAccessible;
        Instant createdAt = now();
        Map<String, String> tags = new LinkedHashMap<>();
        /** Created by a restore (or CreateDBInstance), not seeded by a test. */
        boolean restored;
    }

    private final Map<String, Snapshot> snapshots = new TreeMap<>();
    private final Map<String, Database> databases = new TreeMap<>();
    private final Map<String, Deque<Failure>> failures = new HashMap<>();
    private final Map<String, List<FakeRds.Call>> calls = new HashMap<>();
    private final Set<String> endFailed = new HashSet<>();
    private int completeAfterDescribes = 2;
    private int pageSize = 100;
    /** Where new instances and clusters answer, when a test points them at a real server; null: an RDS-like host name. */
    private String restoredHost;

    private int restoredPort;

    // ---- test controls

    synchronized void addDatabase(boolean cluster, String region, String identifier, boolean encrypted) {
        Database db = new Database();
        db.cluster = cluster;
        db.region = region;
        db.identifier = identifier.toLowerCase(Locale.ROOT);
        db.engine = cluster ? "aurora-postgresql" : "postgres";
        db.encrypted = encrypted;
        db.kmsKeyId = encrypted ? kmsKey(region, "source-database-key") : null;
        db.status = "available";
        db.instanceClass = cluster ? null : "db.t4g.micro";
        databases.put(key(cluster ? "cluster" : "db", region, db.identifier), db);
    }

    synchronized void addSnapshot(
            SnapshotKind kind,
            String region,
            String identifier,
            String source,
            Instant createdAt,
            Map<String, String> tags) {
        Snapshot s = newSnapshot(
                kind, region, identifier, source, kind == SnapshotKind.CLUSTER ? "aurora-postgresql" : "postgres");
        s.createdAt = createdAt;
        s.status = "available";
        s.describesLeft = 0;
        s.tags.putAll(tags);
        snapshots.put(key(kind, region, s.identifier), s);
    }

    synchronized void failNext(String action, int status, String code, int times) {
        failures.computeIfAbsent(action, a -> new ArrayDeque<>()).add(new Failure(status, code, times));
    }

    synchronized void restoredEndpoint(String host, int port) {
        restoredHost = host;
        restoredPort = port;
    }

    synchronized void completeAfterDescribes(int describes) {
        completeAfterDescribes = describes;
    }

    synchronized void endFailed(String identifier) {
        endFailed.add(identifier.toLowerCase(Locale.ROOT));
    }

    synchronized void pageSize(int size) {
        pageSize = size;
    }

    synchronized List<FakeRds.SnapshotState> snapshots(String region) {
        return snapshots.values().stream()
                .filter(s -> s.region.equals(region))
                .map(s -> new FakeRds.SnapshotState(
                        s.kind,
                        s.region,
                        s.identifier,
                        s.status,
                        s.encrypted,
                        s.kmsKeyId,
                        s.source,
                        Map.copyOf(s.tags)))
                .toList();
    }

    synchronized List<FakeRds.DatabaseState> databases(String region) {
        return databases.values().stream()
                .filter(d -> d.region.equals(region))
                .map(d -> new FakeRds.DatabaseState(
                        d.cluster ? SnapshotKind.CLUSTER : SnapshotKind.INSTANCE,
                        d.region,
                        d.identifier,
                        d.status,
                        d.instanceClass,
                        d.clusterIdentifier,
                        d.subnetGroup,
                        d.securityGroups,
                        d.parameterGroup,
                        d.multiAz,
                        d.publiclyAccessible,
                        Map.copyOf(d.tags)))
                .toList();
    }

    synchronized List<FakeRds.Call> calls(String action) {
        return List.copyOf(calls.getOrDefault(action, List.of()));
    }

    // ---- the API

    synchronized Reply handle(String region, Map<String, String> params) {
        String action = params.getOrDefault("Action", "");
        calls.computeIfAbsent(action, a -> new ArrayList<>()).add(new FakeRds.Call(region, Map.copyOf(params)));
        try {
            Failure failure = nextFailure(action);
            if (failure != null) {
                throw new RdsError(failure.status, failure.code, "injected failure of " + action);
            }
            return new Reply(
                    200,
                    RdsTemplates.fill(
                            "response",
                            Map.of(
                                    "action",
                                    action,
                                    "result",
                                    new Xml(result(action, region, params)),
                                    "requestId",
                                    UUID.randomUUID())));
        } catch (RdsError e) {
            return new Reply(
                    e.status,
                    RdsTemplates.fill(
                            "error",
                            Map.of(
                                    "type",
                                    e.status >= 500 ? "Receiver" : "Sender",
                                    "code",
                                    e.code,
                                    "message",
                                    e.getMessage(),
                                    "requestId",
                                    UUID.randomUUID())));
        }
    }

    private Failure nextFailure(String action) {
        Deque<Failure> queue = failures.get(action);
        if (queue == null || queue.isEmpty()) {
            return null;
        }
        Failure failure = queue.peek();
        if (--failure.remaining <= 0) {
            queue.poll();
        }
        return failure;
    }

    private String result(String action, String region, Map<String, String> p) {
        return switch (action) {
            case "DescribeDBSnapshots" -> describeSnapshots(SnapshotKind.INSTANCE, region, p);
            case "DescribeDBClusterSnapshots" -> describeSnapshots(SnapshotKind.CLUSTER, region, p);
            case "CreateDBSnapshot" -> render(createSnapshot(SnapshotKind.INSTANCE, region, p));
            case "CreateDBClusterSnapshot" -> render(createSnapshot(SnapshotKind.CLUSTER, region, p));
            case "CopyDBSnapshot" -> render(copySnapshot(SnapshotKind.INSTANCE, region, p));
            case "CopyDBClusterSnapshot" -> render(copySnapshot(SnapshotKind.CLUSTER, region, p));
            case "DeleteDBSnapshot" ->
                render(deleteSnapshot(SnapshotKind.INSTANCE, region, p.get("DBSnapshotIdentifier")));
            case "DeleteDBClusterSnapshot" ->
                render(deleteSnapshot(SnapshotKind.CLUSTER, region, p.get("DBClusterSnapshotIdentifier")));
            case "DescribeDBInstances" -> describeDatabases(false, region, p.get("DBInstanceIdentifier"));
            case "DescribeDBClusters" -> describeDatabases(true, region, p.get("DBClusterIdentifier"));
            case "RestoreDBInstanceFromDBSnapshot" -> render(restoreInstance(region, p));
            case "RestoreDBClusterFromSnapshot" -> render(restoreCluster(region, p));
            case "CreateDBInstance" -> render(createInstance(region, p));
            default -> throw new RdsError(400, "InvalidAction", "the fake RDS does not play " + action);
        };
    }

    // ---- snapshots

    private String describeSnapshots(SnapshotKind kind, String region, Map<String, String> p) {
        String idParam = kind == SnapshotKind.INSTANCE ? "DBSnapshotIdentifier" : "DBClusterSnapshotIdentifier";
        String listElement = kind == SnapshotKind.INSTANCE ? "DBSnapshots" : "DBClusterSnapshots";
        if (p.get(idParam) != null) {
            Snapshot s = snapshot(kind, region, p.get(idParam));
            advance(s);
            return list(listElement, List.of(render(s)), null);
        }
        String sourceParam = kind == SnapshotKind.INSTANCE ? "DBInstanceIdentifier" : "DBClusterIdentifier";
        List<Snapshot> matching = snapshots.values().stream()
                .filter(s -> s.kind == kind && s.region.equals(region))
                .filter(s -> p.get(sourceParam) == null || p.get(sourceParam).equalsIgnoreCase(s.source))
                .filter(s ->
                        p.get("SnapshotType") == null || p.get("SnapshotType").equals("manual"))
                .toList();
        int from = p.get("Marker") == null ? 0 : Integer.parseInt(p.get("Marker"));
        int size = Math.min(pageSize, p.get("MaxRecords") == null ? 100 : Integer.parseInt(p.get("MaxRecords")));
        int to = Math.min(matching.size(), from + size);
        List<String> items = new ArrayList<>();
        for (Snapshot s : matching.subList(from, to)) {
            advance(s);
            items.add(render(s));
        }
        return list(listElement, items, to < matching.size() ? String.valueOf(to) : null);
    }

    private Snapshot createSnapshot(SnapshotKind kind, String region, Map<String, String> p) {
        boolean cluster = kind == SnapshotKind.CLUSTER;
        String identifier = p.get(cluster ? "DBClusterSnapshotIdentifier" : "DBSnapshotIdentifier");
        Database db = database(cluster, region, p.get(cluster ? "DBClusterIdentifier" : "DBInstanceIdentifier"));
        requireNew(kind, region, identifier);
        if (!db.status.equals("available")) {
            throw new RdsError(
                    400,
                    cluster ? "InvalidDBClusterStateFault" : "InvalidDBInstanceState",
                    "the database is " + db.status);
        }
        Snapshot s = newSnapshot(kind, region, identifier, db.identifier, db.engine);
        s.encrypted = db.encrypted;
        s.kmsKeyId = db.kmsKeyId;
        s.tags.putAll(tags(p));
        start(s, "creating");
        return s;
    }

    private Snapshot copySnapshot(SnapshotKind kind, String region, Map<String, String> p) {
        boolean cluster = kind == SnapshotKind.CLUSTER;
        String sourceRef = p.get(cluster ? "SourceDBClusterSnapshotIdentifier" : "SourceDBSnapshotIdentifier");
        String identifier = p.get(cluster ? "TargetDBClusterSnapshotIdentifier" : "TargetDBSnapshotIdentifier");
        // an ARN names the source region; a plain identifier is a snapshot of this region
        String[] arn = sourceRef.startsWith("arn:") ? sourceRef.split(":", 7) : null;
        String sourceRegion = arn == null ? region : arn[3];
        Snapshot original = snapshot(kind, sourceRegion, arn == null ? sourceRef : arn[6]);
        if (!original.status.equals("available")) {
            throw new RdsError(
                    400,
                    cluster ? "InvalidDBClusterSnapshotStateFault" : "InvalidDBSnapshotState",
                    "the source snapshot is " + original.status);
        }
        String kmsKeyId = p.get("KmsKeyId");
        if (original.encrypted && !sourceRegion.equals(region) && kmsKeyId == null) {
            throw new RdsError(
                    400,
                    "InvalidParameterCombination",
                    "KmsKeyId is required to copy an encrypted snapshot across regions");
        }
        requireNew(kind, region, identifier);
        Snapshot copy = newSnapshot(kind, region, identifier, original.source, original.engine);
        copy.encrypted = original.encrypted;
        copy.kmsKeyId = kmsKeyId != null ? kmsKeyId : original.kmsKeyId;
        copy.sourceSnapshot = arn(kind, sourceRegion, original.identifier);
        copy.sourceRegion = sourceRegion;
        copy.tags.putAll("true".equals(p.get("CopyTags")) ? original.tags : tags(p));
        start(copy, "copying");
        return copy;
    }

    private Snapshot deleteSnapshot(SnapshotKind kind, String region, String identifier) {
        Snapshot s = snapshot(kind, region, identifier);
        snapshots.remove(key(kind, region, s.identifier));
        s.status = "deleted";
        return s;
    }

    private Snapshot newSnapshot(SnapshotKind kind, String region, String identifier, String source, String engine) {
        Snapshot s = new Snapshot();
        s.kind = kind;
        s.region = region;
        s.identifier = identifier.toLowerCase(Locale.ROOT);
        s.source = source;
        s.engine = engine;
        return s;
    }

    private void start(Snapshot s, String status) {
        s.createdAt = now();
        s.describesTotal = completeAfterDescribes;
        s.describesLeft = completeAfterDescribes;
        s.status = status;
        snapshots.put(key(s.kind, s.region, s.identifier), s);
        if (completeAfterDescribes == 0) {
            finish(s);
        }
    }

    /** One Describe call has shown the snapshot: it moves on. */
    private void advance(Snapshot s) {
        if (s.describesLeft > 0 && --s.describesLeft == 0) {
            finish(s);
        }
    }

    private void finish(Snapshot s) {
        s.status = endFailed.contains(s.identifier) ? "failed" : "available";
    }

    private void requireNew(SnapshotKind kind, String region, String identifier) {
        if (snapshots.containsKey(key(kind, region, identifier))) {
            throw new RdsError(
                    400,
                    kind == SnapshotKind.CLUSTER ? "DBClusterSnapshotAlreadyExistsFault" : "DBSnapshotAlreadyExists",
                    "a snapshot named " + identifier + " exists already");
        }
    }

    private Snapshot snapshot(SnapshotKind kind, String region, String identifier) {
        Snapshot s = snapshots.get(key(kind, region, identifier));
        if (s == null) {
            throw new RdsError(
                    404,
                    kind == SnapshotKind.CLUSTER ? "DBClusterSnapshotNotFoundFault" : "DBSnapshotNotFound",
                    (kind == SnapshotKind.CLUSTER ? "DBClusterSnapshot " : "DBSnapshot ") + identifier + " not found.");
        }
        return s;
    }

    private String render(Snapshot s) {
        int progress = s.status.equals("available")
                ? 100
                : s.describesTotal == 0 ? 0 : 100 * (s.describesTotal - s.describesLeft) / s.describesTotal;
        Map<String, Object> values = new HashMap<>();
        values.put("identifier", s.identifier);
        values.put("source", s.source);
        values.put("createdAt", s.createdAt);
        values.put("engine", s.engine);
        values.put("engineVersion", s.kind == SnapshotKind.CLUSTER ? "16.4" : "17.2");
        values.put("allocatedStorage", s.kind == SnapshotKind.CLUSTER ? 1 : 20);
        values.put("status", s.status);
        values.put("port", 5432);
        values.put("region", s.region);
        values.put("progress", progress);
        values.put("sourceRegion", s.sourceRegion);
        values.put("sourceSnapshot", s.sourceSnapshot);
        values.put("encrypted", s.encrypted);
        values.put("kmsKeyId", s.kmsKeyId);
        values.put("arn", arn(s.kind, s.region, s.identifier));
        values.put("resourceId", Integer.toHexString(s.identifier.hashCode()));
        values.put("tags", tagList(s.tags));
        return RdsTemplates.fill(s.kind == SnapshotKind.CLUSTER ? "db-cluster-snapshot" : "db-snapshot", values);
    }

    // ---- instances and clusters

    private String describeDatabases(boolean cluster, String region, String identifier) {
        List<Database> shown = identifier != null
                ? List.of(database(cluster, region, identifier))
                : databases.values().stream()
                        .filter(d -> d.cluster == cluster && d.region.equals(region))
                        .toList();
        List<String> items = new ArrayList<>();
        for (Database d : shown) {
            if (d.describesLeft > 0 && --d.describesLeft == 0) {
                d.status = "available";
            }
            items.add(render(d));
        }
        return list(cluster ? "DBClusters" : "DBInstances", items, null);
    }

    private Database restoreInstance(String region, Map<String, String> p) {
        Snapshot s = snapshot(SnapshotKind.INSTANCE, region, p.get("DBSnapshotIdentifier"));
        requireAvailable(s);
        Database db = newDatabase(false, region, p.get("DBInstanceIdentifier"), s, p);
        db.instanceClass = p.getOrDefault("DBInstanceClass", "db.t4g.micro");
        db.parameterGroup = p.get("DBParameterGroupName");
        db.multiAz = p.get("MultiAZ") == null ? null : Boolean.parseBoolean(p.get("MultiAZ"));
        return db;
    }

    private Database restoreCluster(String region, Map<String, String> p) {
        Snapshot s = snapshot(SnapshotKind.CLUSTER, region, p.get("SnapshotIdentifier"));
        requireAvailable(s);
        if (p.get("Engine") == null) {
            throw new RdsError(400, "InvalidParameterValue", "Engine is required");
        }
        Database db = newDatabase(true, region, p.get("DBClusterIdentifier"), s, p);
        db.engine = p.get("Engine");
        db.parameterGroup = p.get("DBClusterParameterGroupName");
        return db;
    }

    private Database createInstance(String region, Map<String, String> p) {
        Database cluster = database(true, region, p.get("DBClusterIdentifier"));
        if (p.get("DBInstanceClass") == null || p.get("Engine") == null) {
            throw new RdsError(400, "InvalidParameterValue", "DBInstanceClass and Engine are required");
        }
        Database db = newDatabase(false, region, p.get("DBInstanceIdentifier"), null, p);
        db.clusterIdentifier = cluster.identifier;
        db.engine = p.get("Engine");
        db.instanceClass = p.get("DBInstanceClass");
        db.encrypted = cluster.encrypted;
        db.kmsKeyId = cluster.kmsKeyId;
        return db;
    }

    private Database newDatabase(
            boolean cluster, String region, String identifier, Snapshot from, Map<String, String> p) {
        String id = identifier.toLowerCase(Locale.ROOT);
        if (databases.containsKey(key(cluster ? "cluster" : "db", region, id))) {
            throw new RdsError(
                    400,
                    cluster ? "DBClusterAlreadyExistsFault" : "DBInstanceAlreadyExists",
                    (cluster ? "DB cluster " : "DB instance ") + id + " already exists");
        }
        Database db = new Database();
        db.cluster = cluster;
        db.region = region;
        db.identifier = id;
        if (from != null) {
            db.engine = from.engine;
            db.encrypted = from.encrypted;
            db.kmsKeyId = from.kmsKeyId;
        }
        db.subnetGroup = p.getOrDefault("DBSubnetGroupName", "default");
        db.securityGroups = list(p, "VpcSecurityGroupIds.VpcSecurityGroupId.");
        db.publiclyAccessible = Boolean.parseBoolean(p.getOrDefault("PubliclyAccessible", "false"));
        db.tags.putAll(tags(p));
        db.describesLeft = completeAfterDescribes;
        db.status = completeAfterDescribes == 0 ? "available" : "creating";
        db.restored = true;
        databases.put(key(cluster ? "cluster" : "db", region, id), db);
        return db;
    }

    private void requireAvailable(Snapshot s) {
        if (!s.status.equals("available")) {
            throw new RdsError(
                    400,
                    s.kind == SnapshotKind.CLUSTER ? "InvalidDBClusterSnapshotStateFault" : "InvalidDBSnapshotState",
                    "the snapshot is " + s.status);
        }
    }

    private Database database(boolean cluster, String region, String identifier) {
        Database db = identifier == null ? null : databases.get(key(cluster ? "cluster" : "db", region, identifier));
        if (db == null) {
            throw new RdsError(
                    404,
                    cluster ? "DBClusterNotFoundFault" : "DBInstanceNotFound",
                    (cluster ? "DBCluster " : "DBInstance ") + identifier + " not found.");
        }
        return db;
    }

    private String render(Database d) {
        boolean available = d.status.equals("available");
        Map<String, Object> values = new HashMap<>();
        values.put("identifier", d.identifier);
        values.put("region", d.region);
        values.put("engine", d.engine);
        values.put("engineVersion", d.cluster || d.clusterIdentifier != null ? "16.4" : "17.2");
        values.put("status", d.status);
        values.put("instanceClass", d.instanceClass);
        values.put("allocatedStorage", 20);
        values.put("createdAt", d.createdAt);
        values.put("subnetGroup", d.subnetGroup);
        values.put("parameterGroup", d.parameterGroup);
        values.put("multiAz", d.multiAz);
        values.put("publiclyAccessible", d.publiclyAccessible);
        values.put("cluster", d.clusterIdentifier);
        values.put("encrypted", d.encrypted);
        values.put("kmsKeyId", d.kmsKeyId);
        values.put("resourceId", Integer.toHexString(d.identifier.hashCode()));
        values.put(
                "securityGroups",
                new Xml(d.securityGroups.stream()
                        .map(sg -> "<VpcSecurityGroupMembership><VpcSecurityGroupId>" + sg
                                + "</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership>")
                        .collect(Collectors.joining())));
        values.put("tags", tagList(d.tags));
        values.put("port", available ? port(d) : null);
        if (d.cluster) {
            values.put("arn", "arn:aws:rds:" + d.region + ":" + ACCOUNT + ":cluster:" + d.identifier);
            values.put(
                    "endpoint",
                    d.restored && restoredHost != null
                            ? restoredHost
                            : d.identifier + ".cluster-c7example." + d.region + ".rds.amazonaws.com");
            values.put("readerEndpoint", d.identifier + ".cluster-ro-c7example." + d.region + ".rds.amazonaws.com");
            values.put("port", port(d));
            values.put(
                    "members",
                    new Xml(databases.values().stream()
                            .filter(m -> d.identifier.equals(m.clusterIdentifier) && m.region.equals(d.region))
                            .map(
                                    m -> "<DBClusterMember><DBInstanceIdentifier>" + m.identifier
                                            + "</DBInstanceIdentifier><IsClusterWriter>true</IsClusterWriter></DBClusterMember>")
                            .collect(Collectors.joining())));
            return RdsTemplates.fill("db-cluster", values);
        }
        values.put("arn", "arn:aws:rds:" + d.region + ":" + ACCOUNT + ":db:" + d.identifier);
        values.put(
                "address",
                !available
                        ? null
                        : d.restored && restoredHost != null
                                ? restoredHost
                                : d.identifier + ".c7example." + d.region + ".rds.amazonaws.com");
        return RdsTemplates.fill("db-instance", values);
    }

    private int port(Database d) {
        return d.restored && restoredHost != null ? restoredPort : 5432;
    }

    // ---- shared pieces

    private static String list(String element, List<String> items, String marker) {
        Map<String, Object> values = new HashMap<>();
        values.put("element", element);
        values.put("items", new Xml(String.join("\n", items)));
        values.put("marker", marker);
        return RdsTemplates.fill("list", values);
    }

    private static Xml tagList(Map<String, String> tags) {
        return new Xml(tags.entrySet().stream()
                .map(e -> RdsTemplates.fill("tag", Map.of("key", e.getKey(), "value", e.getValue())))
                .collect(Collectors.joining()));
    }

    /** Tags.Tag.N.Key / Tags.Tag.N.Value, in N order. */
    private static Map<String, String> tags(Map<String, String> p) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int n = 1; p.containsKey("Tags.Tag." + n + ".Key"); n++) {
            tags.put(p.get("Tags.Tag." + n + ".Key"), p.getOrDefault("Tags.Tag." + n + ".Value", ""));
        }
        return tags;
    }

    private static List<String> list(Map<String, String> p, String prefix) {
        List<String> values = new ArrayList<>();
        for (int n = 1; p.containsKey(prefix + n); n++) {
            values.add(p.get(prefix + n));
        }
        return values;
    }

    static String arn(SnapshotKind kind, String region, String identifier) {
        return "arn:aws:rds:" + region + ":" + ACCOUNT
                + (kind == SnapshotKind.CLUSTER ? ":cluster-snapshot:" : ":snapshot:") + identifier;
    }

    private static String kmsKey(String region, String name) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + UUID.nameUUIDFromBytes(name.getBytes());
    }

    /** RDS gives times to the millisecond. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String key(Object kind, String region, String identifier) {
        return kind + "/" + region + "/" + identifier.toLowerCase(Locale.ROOT);
    }
}
