package dev.accountbackup.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The labels every per-resource metric carries, and the status times read into seconds. */
final class ResourceLabels {

    static final String NAMESPACE = "namespace";
    static final String NAME = "name";

    private ResourceLabels() {}

    static Tags of(HasMetadata resource) {
        return Tags.of(
                NAMESPACE, resource.getMetadata().getNamespace(),
                NAME, resource.getMetadata().getName());
    }

    /** An RFC 3339 time from a status as seconds since the epoch; empty when unset or not a time (status is not trusted). */
    static Optional<Instant> time(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    /** From start to end in seconds, when both are times and end is not before start. */
    static Optional<Double> duration(String start, String end) {
        Optional<Instant> from = time(start);
        Optional<Instant> to = time(end);
        if (from.isEmpty() || to.isEmpty() || to.get().isBefore(from.get())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(from.get(), to.get()).toMillis() / 1000.0);
    }
}
