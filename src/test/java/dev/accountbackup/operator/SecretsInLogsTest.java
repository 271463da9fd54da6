package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * With the logging configuration the operator ships and {@code LOG_LEVEL=TRACE}, a backup that reads a database
 * Secret and an S3 Secret logs neither value, in clear or base64 (issue 10, defect 6), while TRACE still
 * reaches the other loggers.
 */
class SecretsInLogsTest {

    private static final String PASSWORD = "pw-trace-4c1e9b";
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("trace-logs");

    @BeforeEach
    void shippedConfigurationAtTrace() throws Exception {
        configure("/logback.xml", "TRACE");
        // the console would print megabytes at TRACE: the captured copy is what is checked
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender("STDERR");
    }

    @AfterEach
    void testConfiguration() throws Exception {
        configure("/logback-test.xml", null);
    }

    @Test
    void noLogLineHoldsASecretAtTrace() {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(5);
        String role = "trace_reader";
        TestPostgres.server().createRole(db, role, PASSWORD);
        String bucket = TestS3.newBucket();
        boolean traced;
        Map<String, Set<String>> leaks = new TreeMap<>();
        try (CapturedLogs logs = new CapturedLogs()) {
            cluster.startOperator();
            cluster.secret(cluster.ns(), "shop-db", Map.of("username", role, "password", PASSWORD));
            cluster.secret(
                    cluster.ns(),
                    "aws",
                    Map.of("accessKeyId", TestS3.ACCESS_KEY, "secretAccessKey", TestS3.SECRET_KEY));
            AccountBackup backup = Specs.backup(
                    cluster.ns(),
                    "nightly",
                    Specs.database(db, "shop-db"),
                    List.of("public.users"),
                    Specs.s3(bucket, "accounts", TestS3.endpoint().toString(), "aws"));
            cluster.client.resource(backup).create();
            AccountBackup done = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> cluster.backup(cluster.ns(), "nightly"),
                            b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
            assertEquals(Phase.Succeeded, done.getStatus().getPhase());
            traced = logs.anyAt(Level.TRACE);
            Map<String, String> secrets =
                    Map.of("the database password", PASSWORD, "the secret access key", TestS3.SECRET_KEY);
            secrets.forEach((what, secret) -> {
                String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
                // also a prefix of the base64 form, which a longer encoded value (a whole Secret) would hold
                for (String form : List.of(secret, base64, base64.substring(0, base64.length() - 4))) {
                    Set<String> loggers = logs.loggersWith(form);
                    if (!loggers.isEmpty()) {
                        leaks.put(what, loggers);
                    }
                }
            });
        }
        assertTrue(traced, "TRACE reached the other loggers");
        assertEquals(Map.of(), leaks, "secrets were logged, by these loggers");
    }

    private void configure(String resource, String logLevel) throws Exception {
        URL config = getClass().getResource(resource);
        logging.reset();
        if (logLevel != null) {
            logging.putProperty("LOG_LEVEL", logLevel);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logging);
        configurator.doConfigure(config);
    }
}
