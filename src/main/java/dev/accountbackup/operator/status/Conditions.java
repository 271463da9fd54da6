package dev.accountbackup.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds standard conditions. A condition keeps its lastTransitionTime while its status stays the
 * same, so that rewriting an unchanged condition does not change the resource.
 */
public final class Conditions {

    public static final String READY = "Ready";

    private Conditions() {}

    /** The conditions of {@code previous} with the Ready condition set as given. */
    public static List<Condition> withReady(
            List<Condition> previous, boolean ready, String reason, String message, long generation, Instant now) {
        List<Condition> result = new ArrayList<>();
        Condition old = null;
        if (previous != null) {
            for (Condition c : previous) {
                if (READY.equals(c.getType())) {
                    old = c;
                } else {
                    result.add(c);
                }
            }
        }
        String status = ready ? "True" : "False";
        String since = old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime()
                : Timestamps.format(now);
        result.add(0, new Condition(since, message, generation, reason, status, READY));
        return result;
    }

    /**
     * The conditions of {@code previous} with the condition {@code type} set as given, in its place
     * (appended when new), keeping its lastTransitionTime while its status stays the same.
     */
    public static List<Condition> with(
            List<Condition> previous,
            String type,
            String status,
            String reason,
            String message,
            long generation,
            Instant now) {
        List<Condition> result = previous == null ? new ArrayList<>() : new ArrayList<>(previous);
        for (int i = 0; i < result.size(); i++) {
            Condition old = result.get(i);
            if (type.equals(old.getType())) {
                String since = status.equals(old.getStatus()) && old.getLastTransitionTime() != null
                        ? old.getLastTransitionTime()
                        : Timestamps.format(now);
                result.set(i, new Condition(since, message, generation, reason, status, type));
                return result;
            }
        }
        result.add(new Condition(Timestamps.format(now), message, generation, reason, status, type));
        return result;
    }

    public static Condition find(List<Condition> conditions, String type) {
        return conditions == null
                ? null
                : conditions.stream()
                        .filter(c -> Objects.equals(type, c.getType()))
                        .findFirst()
                        .orElse(null);
    }
}
