package dev.accountbackup.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.function.Supplier;

/**
 * The one way statuses are written: a fresh resource holding only name, namespace and the new
 * status, and only when the status differs from what the resource already shows, so that a
 * settled resource stays quiet for GitOps tools.
 */
public final class StatusUpdates {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusUpdates() {
    }

    public static <S, R extends CustomResource<?, S>> UpdateControl<R> patchIfChanged(R current, S desired, Supplier<R> fresh) {
        if (same(current.getStatus(), desired)) {
            return UpdateControl.noUpdate();
        }
        R patch = fresh.get();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(current.getMetadata().getName())
                .withNamespace(current.getMetadata().getNamespace())
                .build());
        patch.setStatus(desired);
        return UpdateControl.patchStatus(patch);
    }

    /** Compared as JSON, the way the API server stores them. */
    public static boolean same(Object a, Object b) {
        return tree(a).equals(tree(b));
    }

    private static JsonNode tree(Object value) {
        return value == null ? NullNode.getInstance() : MAPPER.valueToTree(value);
    }

    /** A deep copy, to derive a new status from the current one without touching the cached resource. */
    public static <S> S copy(S status, Class<S> type) {
        return MAPPER.convertValue(status, type);
    }
}
