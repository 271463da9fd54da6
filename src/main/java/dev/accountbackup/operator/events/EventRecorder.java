package dev.accountbackup.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on resources, de-duplicated the way kubectl shows them: the same reason
 * and message on the same object bumps the count of one Event instead of adding another. The
 * Event's name is derived from object, reason and message, so duplicates are found again after
 * an operator restart. Failing to record an event never fails a reconcile.
 */
public final class EventRecorder {

    public static final String COMPONENT = "account-backup-operator";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int MAX_MESSAGE = 1024;
    private static final int REMEMBERED = 1000;

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Integer> counts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void record(HasMetadata involved, EventReason reason, String message) {
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        String namespace = involved.getMetadata().getNamespace();
        String name = eventName(involved, reason, text);
        String now = dev.accountbackup.operator.status.Timestamps.format(clock.instant());
        try {
            Integer seen;
            synchronized (counts) {
                seen = counts.get(name);
                counts.put(name, seen == null ? 1 : seen + 1);
            }
            if (seen == null && create(involved, reason, text, namespace, name, now)) {
                return;
            }
            int count = seen == null ? 2 : seen + 1;
            client.v1()
                    .events()
                    .inNamespace(namespace)
                    .withName(name)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "could not record event {} on {}/{}: HTTP {}",
                    reason,
                    namespace,
                    involved.getMetadata().getName(),
                    e.getCode());
        }
    }

    /** @return false if the event already existed (recorded before an operator restart) */
    private boolean create(
            HasMetadata involved, EventReason reason, String text, String namespace, String name, String now) {
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(involved.getApiVersion())
                .withKind(involved.getKind())
                .withName(involved.getMetadata().getName())
                .withNamespace(namespace)
                .withUid(involved.getMetadata().getUid())
                .endInvolvedObject()
                .withType(reason.type().name())
                .withReason(reason.name())
                .withMessage(text)
                .withCount(1)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    private static String eventName(HasMetadata involved, EventReason reason, String message) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((involved.getMetadata().getUid() + "\n" + reason.name() + "\n" + message)
                    .getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(digest.digest(), 0, 8);
            String base = involved.getMetadata().getName();
            // Event names follow the DNS subdomain rules: at most 253 characters
            return (base.length() > 200 ? base.substring(0, 200) : base) + "." + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
