package dev.accountbackup.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.accountbackup.engine.snapshot.RdsConnection;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.engine.storage.AwsCredentials;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process RDS: a WireMock server playing the RDS Query API (form-encoded POSTs, XML answers) for the real
 * AWS SDK RdsClient. One server serves every region: the region is read from the request signature's credential
 * scope ({@code Credential=.../eu-west-3/rds/aws4_request}), so a client built for a region with
 * {@code endpointOverride(endpoint())} talks to that region here.
 *
 * <pre>
 * try (FakeRds rds = FakeRds.start(); RdsConnection connection = rds.connection()) {
 *     rds.addInstance("eu-west-3", "shop-db", false);
 *     ...
 * }
 * </pre>
 * Snapshots, copies, restored instances and clusters start "creating" ("copying") and become available after
 * {@link #completeAfterDescribes} Describe calls that show them (2 unless set; 0 makes them available at once).
 */
public final class FakeRds implements AutoCloseable {

    /** Any credentials work: the fake does not check signatures. */
    public static final AwsCredentials CREDENTIALS = new AwsCredentials("AKIAFAKERDS000000000", "fake-rds-secret-key");

    /** One request as the fake received it. */
    public record Call(String region, Map<String, String> params) {}

    /** A snapshot as the fake holds it. */
    public record SnapshotState(
            SnapshotKind kind,
            String region,
            String identifier,
            String status,
            boolean encrypted,
            String kmsKeyId,
            String source,
            Map<String, String> tags) {}

    /** A DB instance (kind INSTANCE) or DB cluster (kind CLUSTER) as the fake holds it. */
    public record DatabaseState(
            SnapshotKind kind,
            String region,
            String identifier,
            String status,
            String instanceClass,
            String clusterIdentifier,
            String subnetGroup,
            List<String> securityGroupIds,
            String parameterGroup,
            Boolean multiAz,
            boolean publiclyAccessible,
            Map<String, String> tags) {}

    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/rds/aws4_request");
    private static final String DEFAULT_REGION = "us-east-1";

    private final RdsSimulator simulator = new RdsSimulator();
    private final WireMockServer server;

    private FakeRds() {
        server = new WireMockServer(
                wireMockConfig().dynamicPort().disableRequestJournal().extensions(new Transformer(simulator)));
    }

    public static FakeRds start() {
        FakeRds rds = new FakeRds();
        rds.server.start();
        rds.server.stubFor(any(anyUrl()).willReturn(ok()));
        return rds;
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + server.port());
    }

    /** A connection to this fake, with retries a few milliseconds apart. The caller closes it. */
    public RdsConnection connection() {
        return new RdsConnection(CREDENTIALS, endpoint(), Duration.ofMillis(1));
    }

    /** An available PostgreSQL DB instance; an encrypted one has a KMS key of its region. */
    public void addInstance(String region, String identifier, boolean encrypted) {
        simulator.addDatabase(false, region, identifier, encrypted);
    }

    /** An available Aurora PostgreSQL DB cluster. */
    public void addCluster(String region, String identifier, boolean encrypted) {
        simulator.addDatabase(true, region, identifier, encrypted);
    }

    /** An available manual snapshot (unencrypted), e.g. one left by an earlier backup. */
    public void addSnapshot(
            String region,
            SnapshotKind kind,
            String identifier,
            String source,
            Instant createdAt,
            Map<String, String> tags) {
        simulator.addSnapshot(kind, region, identifier, source, createdAt, tags);
    }

    /**
     * The next {@code times} calls of {@code action} (e.g. "CreateDBSnapshot") fail with this RDS error code and HTTP
     * status (400 for Throttling and most errors, 404 for not found, 500 for server errors).
     */
    public void failNext(String action, int httpStatus, String code, int times) {
        simulator.failNext(action, httpStatus, code, times);
    }

    /** Instances and clusters that restores create answer at this address (e.g. a test PostgreSQL) once available. */
    public void restoredEndpoint(String host, int port) {
        simulator.restoredEndpoint(host, port);
    }

    public void completeAfterDescribes(int describes) {
        simulator.completeAfterDescribes(describes);
    }

    /** The snapshot (or copy) with this identifier ends "failed" instead of "available". */
    public void endFailed(String snapshotIdentifier) {
        simulator.endFailed(snapshotIdentifier);
    }

    /** At most this many snapshots per Describe page (100 unless set), to exercise Marker paging. */
    public void pageSize(int size) {
        simulator.pageSize(size);
    }

    public List<SnapshotState> snapshots(String region) {
        return simulator.snapshots(region);
    }

    public List<DatabaseState> databases(String region) {
        return simulator.databases(region);
    }

    /** How many times {@code action} was called, failed calls included. */
    public int calls(String action) {
        return simulator.calls(action).size();
    }

    public List<Call> requests(String action) {
        return simulator.calls(action);
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Answers every request from the simulator. */
    private static final class Transformer implements ResponseDefinitionTransformerV2 {

        private final RdsSimulator simulator;

        Transformer(RdsSimulator simulator) {
            this.simulator = simulator;
        }

        @Override
        public String getName() {
            return "fake-rds";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            RdsSimulator.Reply reply = simulator.handle(region(request), form(request.getBodyAsString()));
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(reply.status())
                    .withHeader("Content-Type", "text/xml")
                    .withBody(reply.body())
                    .build();
        }

        private static String region(Request request) {
            Matcher m = CREDENTIAL_SCOPE.matcher(String.valueOf(request.getHeader("Authorization")));
            return m.find() ? m.group(1) : DEFAULT_REGION;
        }

        private static Map<String, String> form(String body) {
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String name = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : pair.substring(eq + 1);
                    params.put(
                            URLDecoder.decode(name, StandardCharsets.UTF_8),
                            URLDecoder.decode(value, StandardCharsets.UTF_8));
                }
            }
            return params;
        }
    }
}
