package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start-up and shutdown as the operator command does them: health endpoints and stopping. */
class OperatorRunnerTest {

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("runner");

    @Test
    void healthEndpointsAnswerWhileTheOperatorRuns() throws Exception {
        RunningOperator operator = cluster.startOperator(MockCluster.settings().withHealthPort(0));
        int port = operator.healthPort();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/readyz") == 200);
        assertEquals(200, get(port, "/healthz"));
        assertEquals(404, get(port, "/metrics"));

        operator.stop();
        assertThrows(java.io.IOException.class, () -> get(port, "/healthz"));
    }

    private static int get(int port, String path) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
