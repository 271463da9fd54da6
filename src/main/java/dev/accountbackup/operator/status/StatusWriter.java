package dev.accountbackup.operator.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * The one way statuses are written: the status subresource alone (the spec is never sent), and only
 * when the new status differs from what the resource shows, so that a settled resource stays quiet
 * for GitOps tools. The Java Operator SDK's {@link PrimaryUpdateAndCacheUtils} patches it and puts
 * the answer in the informer cache, so the next reconcile decides from this write, never from an
 * older copy that could undo it.
 */
public final class StatusWriter<S, R extends CustomResource<?, S>> {

    /** @return whether the status changed (and was written) */
    public boolean patchIfChanged(R current, Context<R> context, S desired) {
        if (StatusUpdates.same(current.getStatus(), desired)) {
            return false;
        }
        PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(current, context, resource -> {
            resource.setStatus(desired);
            return resource;
        });
        return true;
    }
}
