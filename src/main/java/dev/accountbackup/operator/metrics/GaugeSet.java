package dev.accountbackup.operator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gauges whose rows are computed anew before each scrape, from the resources' status in the informer caches: values
 * that live in status survive an operator restart, and the rows of a deleted resource disappear with it.
 */
final class GaugeSet {

    private final MeterRegistry registry;
    private final Map<String, MultiGauge> gauges = new HashMap<>();
    private final Map<String, List<MultiGauge.Row<?>>> rows = new HashMap<>();

    GaugeSet(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param unit the base unit, e.g. "seconds", appended to the name in Prometheus; null for none */
    void define(String name, String unit, String description) {
        gauges.put(
                name,
                MultiGauge.builder(name).baseUnit(unit).description(description).register(registry));
        rows.put(name, new ArrayList<>());
    }

    /** Adds a row to the next {@link #publish()}. */
    void add(String name, Tags tags, double value) {
        List<MultiGauge.Row<?>> list = rows.get(name);
        if (list == null) {
            throw new IllegalArgumentException("no gauge " + name);
        }
        list.add(MultiGauge.Row.of(tags, value));
    }

    /** Replaces every gauge's rows with those added since the last call. */
    void publish() {
        gauges.forEach((name, gauge) -> {
            gauge.register(rows.get(name), true);
            rows.put(name, new ArrayList<>());
        });
    }
}
