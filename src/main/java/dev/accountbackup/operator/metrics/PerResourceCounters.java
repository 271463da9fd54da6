package dev.accountbackup.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Counters labelled with a resource's namespace and name. Those of a resource that left the informer cache are
 * removed, so the series of deleted resources do not pile up. They restart from zero with the operator, as counters
 * do in Prometheus; {@code rate()} and {@code increase()} handle that.
 */
final class PerResourceCounters {

    private final MeterRegistry registry;
    private final Map<String, Set<Counter>> byResource = new ConcurrentHashMap<>();

    PerResourceCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param tags further label pairs (outcome, mode...), each from a small fixed set of values */
    Counter counter(HasMetadata resource, String name, String description, String... tags) {
        Counter c = Counter.builder(name)
                .description(description)
                .tags(ResourceLabels.of(resource))
                .tags(tags)
                .register(registry);
        byResource
                .computeIfAbsent(key(resource), k -> ConcurrentHashMap.newKeySet())
                .add(c);
        return c;
    }

    /** Removes the counters of resources not among {@code live}. */
    void retainOnly(Collection<? extends HasMetadata> live) {
        Set<String> keep = live.stream().map(PerResourceCounters::key).collect(Collectors.toSet());
        byResource.entrySet().removeIf(e -> {
            if (keep.contains(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
    }

    private static String key(HasMetadata resource) {
        return resource.getMetadata().getNamespace() + "/"
                + resource.getMetadata().getName();
    }
}
