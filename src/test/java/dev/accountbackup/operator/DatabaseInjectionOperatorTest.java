package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoreSourceSpec;
import dev.accountbackup.api.RestoreTargetSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A spec's database host, name or port can name one database and nothing else: the injections of
 * issue 10 (defect 2) and their variants end InvalidSpec, with the field named, before any
 * connection, and nothing of another database is exported or changed.
 */
class DatabaseInjectionOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("inject").withOperatorForTheClass(MockCluster::settings);

    @Test
    void hostsThatCarryAPathQueryOrSecondHostAreRefused() throws Exception {
        DatabaseTarget shop = TestPostgres.newAccountsDatabase(3);
        DatabaseTarget other = TestPostgres.newAccountsDatabase(11);
        String ns = cluster.ns();
        cluster.secret(ns, "shop-db", Map.of("username", "postgres", "password", "unused"));
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("pgport", "127.0.0.1/" + other.database() + "?PGPORT=" + other.port() + "&ApplicationName=x&y=");
        hosts.put("socket-factory", "h/x?socketFactory=java.lang.String&y=");
        hosts.put("user-in-host", "postgres@127.0.0.1");
        hosts.put("encoded-slash", "127.0.0.1%2F" + other.database());
        hosts.put("whitespace", "127.0.0.1 ");
        hosts.put("newline", "127.0.0.1\n" + other.database());
        hosts.put("ipv6-zone", "fe80::1%eth0");
        hosts.put("bracketed", "[::1]");
        hosts.put("long-label", "a".repeat(64) + ".example");
        hosts.put("path", "a.b/c");
        hosts.put("two-hosts", "127.0.0.1,127.0.0.2");
        for (Map.Entry<String, String> host : hosts.entrySet()) {
            AccountBackup backup = Specs.backup(
                    ns,
                    host.getKey(),
                    Specs.database(shop, "shop-db"),
                    List.of("public.users"),
                    Specs.filesystem(cluster.root()));
            backup.getSpec().getDatabase().setHost(host.getValue());
            cluster.client.resource(backup).create();
        }
        for (String name : hosts.keySet()) {
            AccountBackup failed = await().atMost(TIMEOUT)
                    .until(
                            () -> cluster.backup(ns, name),
                            b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Failed);
            String message = failed.getStatus().getMessage();
            assertTrue(
                    message.contains("database.host ") && message.contains("is not a DNS name or an IP address"),
                    name + ": " + message);
            assertTrue(!message.contains("\n"), "one line: " + message);
            assertEquals(
                    "InvalidSpec",
                    Conditions.find(failed.getStatus().getConditions(), Conditions.READY)
                            .getReason());
            assertEquals(0, failed.getStatus().getAttempts(), "no connection was tried");
        }
        assertNothingStored();
        assertEquals(
                11, TestPostgres.contents(other, "users", "id", "email").size(), "the other database is untouched");
    }

    @Test
    void aQueryInTheDatabaseNameIsPartOfTheNameAndReachesNoOtherDatabase() throws Exception {
        DatabaseTarget shop = TestPostgres.newAccountsDatabase(3);
        DatabaseTarget other = TestPostgres.newAccountsDatabase(11);
        String ns = cluster.ns();
        cluster.secret(ns, "shop-db", Map.of("username", "postgres", "password", "unused"));
        AccountBackup backup = Specs.backup(
                ns,
                "query-in-name",
                Specs.database(shop, "shop-db"),
                List.of("public.users"),
                Specs.filesystem(cluster.root()));
        String name = shop.database() + "?PGDBNAME=" + other.database();
        backup.getSpec().getDatabase().setName(name);
        cluster.client.resource(backup).create();

        AccountBackup failed = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(ns, "query-in-name"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Failed);
        assertTrue(
                failed.getStatus().getMessage().contains("database '" + name + "' does not exist"),
                failed.getStatus().getMessage());
        assertNothingStored();
    }

    @Test
    void aRestoreTargetIsCheckedTheSameWay() {
        DatabaseTarget shop = TestPostgres.newAccountsDatabase(3);
        DatabaseTarget other = TestPostgres.newAccountsDatabase(11);
        String ns = cluster.ns();
        cluster.secret(ns, "shop-db", Map.of("username", "postgres", "password", "unused"));
        AccountRestore restore = Specs.restore(ns, "into-other", null);
        RestoreSourceSpec source = new RestoreSourceSpec();
        StorageSpec from = Specs.filesystem(cluster.root());
        source.setStorage(from);
        source.setPath(ns + "/nightly");
        restore.getSpec().setSource(source);
        RestoreTargetSpec target = new RestoreTargetSpec();
        target.setDatabase(Specs.database(shop, "shop-db"));
        target.getDatabase().setHost("127.0.0.1/" + other.database() + "?PGPORT=" + other.port() + "&y=");
        restore.getSpec().setTarget(target);
        restore.getSpec().setMode("Replace");
        cluster.client.resource(restore).create();

        AccountRestore failed = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(ns, "into-other"),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Failed);
        assertTrue(
                failed.getStatus().getMessage().contains("target.database.host '127.0.0.1/"),
                failed.getStatus().getMessage());
        assertEquals(
                "InvalidSpec",
                Conditions.find(failed.getStatus().getConditions(), Conditions.READY)
                        .getReason());
        assertEquals(11, TestPostgres.contents(other, "users", "id", "email").size());
    }

    private void assertNothingStored() throws Exception {
        try (Stream<Path> files = Files.walk(cluster.root())) {
            assertEquals(List.of(cluster.root()), files.toList(), "nothing was written to storage");
        }
    }
}
