package dev.accountbackup.operator.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.demo.InProcessKubernetes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        InProcessKubernetes.shutDown(server);
    }

    @Test
    void repeatedEventsBumpTheCountOfOneEvent() {
        AccountBackup backup = backup();
        EventRecorder recorder = new EventRecorder(client, Clock.systemUTC());
        recorder.record(backup, EventReason.BackupFailed, "Secret 'shop-db' not found");
        recorder.record(backup, EventReason.BackupFailed, "Secret 'shop-db' not found");
        recorder.record(backup, EventReason.BackupStarted, "backup 20261126T120000Z started");

        List<Event> events = client.v1().events().inNamespace("shop").list().getItems();
        assertEquals(2, events.size());
        Event failed = events.stream()
                .filter(e -> e.getReason().equals("BackupFailed"))
                .findFirst()
                .orElseThrow();
        assertEquals(2, failed.getCount());
        assertEquals("Warning", failed.getType());
        assertEquals("AccountBackup", failed.getInvolvedObject().getKind());
        assertEquals("uid-1", failed.getInvolvedObject().getUid());
        assertEquals("account-backup-operator", failed.getSource().getComponent());
        assertEquals(
                "Normal",
                events.stream()
                        .filter(e -> e.getReason().equals("BackupStarted"))
                        .findFirst()
                        .orElseThrow()
                        .getType());
    }

    @Test
    void anEventRecordedBeforeARestartIsCountedOn() {
        AccountBackup backup = backup();
        new EventRecorder(client, Clock.systemUTC()).record(backup, EventReason.BackupFailed, "host unreachable");
        new EventRecorder(client, Clock.systemUTC()).record(backup, EventReason.BackupFailed, "host unreachable");

        List<Event> events = client.v1().events().inNamespace("shop").list().getItems();
        assertEquals(1, events.size());
        assertEquals(2, events.get(0).getCount());
    }

    private static AccountBackup backup() {
        AccountBackup backup = new AccountBackup();
        backup.setMetadata(new ObjectMetaBuilder()
                .withName("nightly")
                .withNamespace("shop")
                .withUid("uid-1")
                .build());
        return backup;
    }
}
