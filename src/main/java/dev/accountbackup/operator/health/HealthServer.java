package dev.accountbackup.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * /healthz (liveness) and /readyz (readiness) over plain HTTP, for the kubelet's probes; other endpoints (/metrics) may
 * be served beside them, or on a listener of their own.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** @param port the port to listen on; 0 for any free one */
    public static HealthServer start(int port, BooleanSupplier alive, BooleanSupplier ready) {
        HealthServer health = listen(port, "the health endpoints");
        health.serve("/healthz", exchange -> answer(exchange, alive));
        health.serve("/readyz", exchange -> answer(exchange, ready));
        return health;
    }

    /**
     * A listener without endpoints yet.
     *
     * @param port the port to listen on; 0 for any free one
     * @param what what it serves, for the error when the port is taken
     */
    public static HealthServer listen(int port, String what) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "health-server");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new HealthServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port + " for " + what, e);
        }
    }

    /** Adds an endpoint. */
    public void serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, BooleanSupplier check) throws IOException {
        boolean ok;
        try {
            ok = check.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false;
        }
        byte[] body = (ok ? "ok\n" : "not ok\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
