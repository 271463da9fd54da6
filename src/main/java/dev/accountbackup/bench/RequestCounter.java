package dev.accountbackup.bench;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the requests a Kubernetes client sends, and among them the status writes. */
final class RequestCounter implements Interceptor {

    /** What was counted up to a moment. */
    record Counts(long requests, long statusWrites) {
        Counts since(Counts earlier) {
            return new Counts(requests - earlier.requests, statusWrites - earlier.statusWrites);
        }
    }

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong statusWrites = new AtomicLong();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        requests.incrementAndGet();
        String method = request.method();
        if (request.uri().getPath().endsWith("/status") && ("PATCH".equals(method) || "PUT".equals(method))) {
            statusWrites.incrementAndGet();
        }
    }

    Counts now() {
        return new Counts(requests.get(), statusWrites.get());
    }
}
