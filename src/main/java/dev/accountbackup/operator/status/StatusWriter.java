package dev.accountbackup.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one way statuses are written: a fresh resource holding only name, namespace and the new
 * status, patched through {@link UpdateControl#patchStatus} and only when it differs from what the
 * resource shows, so that a settled resource stays quiet for GitOps tools.
 * <p>
 * The informer cache can lag behind the operator's own last write for a moment. Deciding, or
 * computing a (non server-side apply) patch, from such a stale copy could undo that write, so a
 * reconcile that sees a status other than the one last written waits briefly for the cache instead.
 */
public final class StatusWriter<S, R extends CustomResource<?, S>> {

    static final Duration CACHE_WAIT = Duration.ofMillis(200);
    /** After this, the last write is taken to have failed (or been overwritten) and the cache is trusted again. */
    static final Duration CACHE_WAIT_LIMIT = Duration.ofSeconds(10);

    private final Supplier<R> fresh;
    private final Clock clock;
    private final Map<String, Written> lastWritten = new ConcurrentHashMap<>();

    private record Written(Object status, Instant at) {
    }

    public StatusWriter(Supplier<R> fresh, Clock clock) {
        this.fresh = fresh;
        this.clock = clock;
    }

    /** A reschedule while the cached resource does not show this operator's last status write yet. */
    public Optional<UpdateControl<R>> waitForOwnWrite(R resource) {
        String uid = resource.getMetadata().getUid();
        Written written = lastWritten.get(uid);
        if (written == null) {
            return Optional.empty();
        }
        if (StatusUpdates.same(resource.getStatus(), written.status())
                || Duration.between(written.at(), clock.instant()).compareTo(CACHE_WAIT_LIMIT) > 0) {
            lastWritten.remove(uid, written);
            return Optional.empty();
        }
        return Optional.of(UpdateControl.<R>noUpdate().rescheduleAfter(CACHE_WAIT));
    }

    public UpdateControl<R> patchIfChanged(R current, S desired) {
        return StatusUpdates.same(current.getStatus(), desired) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(patch(current, desired));
    }

    /** The same, for JOSDK's error path (a reconcile that threw). */
    public ErrorStatusUpdateControl<R> errorPatchIfChanged(R current, S desired) {
        return StatusUpdates.same(current.getStatus(), desired)
                ? ErrorStatusUpdateControl.defaultErrorProcessing()
                : ErrorStatusUpdateControl.patchStatus(patch(current, desired));
    }

    private R patch(R current, S desired) {
        R patch = fresh.get();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(current.getMetadata().getName())
                .withNamespace(current.getMetadata().getNamespace())
                .build());
        patch.setStatus(desired);
        lastWritten.put(current.getMetadata().getUid(), new Written(StatusUpdates.copy(desired), clock.instant()));
        return patch;
    }
}
