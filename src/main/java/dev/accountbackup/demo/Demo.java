package dev.accountbackup.demo;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.BackedUpTable;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoredTable;
import dev.accountbackup.api.RunStatus;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.operator.OperatorRunner;
import dev.accountbackup.operator.OperatorSettings;
import dev.accountbackup.operator.RunningOperator;
import dev.accountbackup.operator.resolve.TenantBoundary;
import dev.accountbackup.sample.EmbeddedDatabase;
import dev.accountbackup.sample.SampleAccounts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * The product's story, end to end on embedded parts: 100 accounts, a nightly backup, a bug that
 * deletes 50 accounts while others change and sign up, a dry run, one restore manifest, and a
 * row-by-row proof that the 50 are back while the newer changes stay.
 */
public final class Demo {

    private static final String NAMESPACE = "shop";
    private static final int ACCOUNTS = 100;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final PrintWriter out;
    private final Path storageDir;
    private final List<String> failures = new ArrayList<>();

    public Demo(PrintWriter out, Path storageDir) {
        this.out = out;
        this.storageDir = storageDir;
    }

    /** Plays the story; true when every check passed. */
    public boolean run() throws Exception {
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start();
                InProcessKubernetes kubernetes = InProcessKubernetes.start()) {
            KubernetesClient client = kubernetes.client();

            step("1. Day 1: the shop's PostgreSQL holds " + ACCOUNTS + " accounts");
            DatabaseTarget superuser = postgres.createDatabase("shop");
            DatabaseTarget app =
                    postgres.createRole(superuser, "shop_app", "demo-" + Long.toHexString(System.nanoTime()));
            AccountsSnapshot day1;
            try (Connection c = postgres.connect(superuser.database())) {
                SampleAccounts.createAndSeed(c, ACCOUNTS);
                day1 = AccountsSnapshot.take(c);
            }
            printCounts(day1);

            step("2. The operator starts, against an in-process Kubernetes API server");
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
            client.secrets()
                    .inNamespace(NAMESPACE)
                    .resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("shop-db")
                            .endMetadata()
                            .addToData("username", base64(app.user()))
                            .addToData("password", base64(app.password()))
                            .build())
                    .create();
            out.println("   Secret shop/shop-db holds the database login (username, password)");
            try (RunningOperator operator = OperatorRunner.start(
                    client,
                    OperatorSettings.local()
                            .withTenancy(TenantBoundary.defaults().withFilesystemRoots(storageDir.toAbsolutePath())))) {
                out.println(
                        "   operator running: it watches AccountBackup and AccountRestore resources in every namespace");

                step("3. Nightly backup: kubectl apply -f nightly.yaml");
                AccountBackup backup =
                        apply(client, AccountBackup.class, """
                        apiVersion: accountbackup.dev/v1alpha1
                        kind: AccountBackup
                        metadata: {name: nightly, namespace: shop}
                        spec:
                          database: {host: 127.0.0.1, port: %d, name: %s, credentialsSecret: shop-db}
                          tables: [public.users, public.user_identities, public.user_profiles]
                          storage:
                            filesystem: {path: %s}
                        """.formatted(app.port(), app.database(), storageDir));
                backup = awaitFinal(client, backup, AccountBackup::getStatus);
                if (backup.getStatus().getPhase() != Phase.Succeeded) {
                    return fail("the backup failed: " + backup.getStatus().getMessage());
                }
                out.printf(
                        "   Succeeded: backup %s at %s%n",
                        backup.getStatus().getBackupId(), backup.getStatus().getLocation());
                for (BackedUpTable t : backup.getStatus().getTables()) {
                    out.printf(
                            "     %-24s %5d rows %7d bytes  sha256 %s%n",
                            t.getName(), t.getRows(), t.getBytes(), t.getSha256());
                }

                step(
                        "4. Day 2: a buggy migration deletes 50 accounts; meanwhile 10 accounts change and 5 people sign up");
                AccountsSnapshot day2;
                try (Connection c = postgres.connect(superuser.database());
                        Statement st = c.createStatement()) {
                    st.execute("DELETE FROM users WHERE id % 2 = 0"); // 50 accounts, identities and profiles cascade
                    st.execute(
                            "UPDATE users SET display_name = display_name || ' (renamed)', updated_at = now() WHERE id % 10 IN (1, 3) AND id <= 50");
                    st.execute("""
                            INSERT INTO users (public_id, email, username, password_hash, display_name)
                            SELECT gen_random_uuid(), 'new' || g || '@example.org', 'new_user_' || g, repeat('x', 60), 'New user ' || g
                            FROM generate_series(1, 5) g""");
                    day2 = AccountsSnapshot.take(c);
                }
                out.println("   deleted: 50 users (even ids); changed: 10 users; created: 5 users");
                printCounts(day2);

                step("5. Preview: kubectl apply -f preview.yaml (dryRun: true)");
                AccountRestore preview = restore(client, "preview-undo-bug", true);
                if (preview == null) {
                    return false;
                }
                check(sameAsDatabase(postgres, superuser, day2), "the dry run changed nothing");

                step("6. Restore: kubectl apply -f undo-bug.yaml (mode: InsertMissing)");
                AccountRestore undo = restore(client, "undo-bug", false);
                if (undo == null) {
                    return false;
                }

                step("7. Day 2, after the restore");
                AccountsSnapshot after;
                try (Connection c = postgres.connect(superuser.database())) {
                    after = AccountsSnapshot.take(c);
                }
                printCounts(after);
                verify(postgres, superuser, day1, day2, after);
            }
        }
        out.println();
        out.println(
                failures.isEmpty()
                        ? "All accounts are back exactly; nothing newer was touched."
                        : "FAILED: " + String.join("; ", failures));
        out.flush();
        return failures.isEmpty();
    }

    private AccountRestore restore(KubernetesClient client, String name, boolean dryRun) throws InterruptedException {
        AccountRestore restore = apply(client, AccountRestore.class, """
                apiVersion: accountbackup.dev/v1alpha1
                kind: AccountRestore
                metadata: {name: %s, namespace: shop}
                spec:
                  backupName: nightly
                  backupId: latest
                  mode: InsertMissing
                  dryRun: %s
                """.formatted(name, dryRun));
        restore = awaitFinal(client, restore, AccountRestore::getStatus);
        if (restore.getStatus().getPhase() != Phase.Succeeded) {
            fail("restore " + name + " failed: " + restore.getStatus().getMessage());
            return null;
        }
        out.printf(
                "   Succeeded%s, from backup %s:%n",
                dryRun ? " (nothing written)" : "", restore.getStatus().getBackupId());
        out.printf(
                "     %-24s %9s %9s %9s %9s%n",
                "TABLE", dryRun ? "WOULD ADD" : "INSERTED", "UPDATED", "DELETED", "UNCHANGED");
        for (RestoredTable t : restore.getStatus().getTables()) {
            out.printf(
                    "     %-24s %9d %9d %9d %9d%n",
                    t.getName(), t.getInserted(), t.getUpdated(), t.getDeleted(), t.getUnchanged());
        }
        return restore;
    }

    private void verify(
            EmbeddedDatabase postgres,
            DatabaseTarget db,
            AccountsSnapshot day1,
            AccountsSnapshot day2,
            AccountsSnapshot after)
            throws SQLException {
        List<Long> deleted = new ArrayList<>();
        List<Long> changed = new ArrayList<>();
        for (long id = 1; id <= ACCOUNTS; id++) {
            if (day2.ofUser(id).isEmpty()) {
                deleted.add(id);
            } else if (!day2.ofUser(id).equals(day1.ofUser(id))) {
                changed.add(id);
            }
        }
        check(
                after.count("users") == ACCOUNTS + 5,
                "105 accounts: the 100 of day 1 and the 5 new ones (found " + after.count("users") + ")");
        check(
                deleted.size() == 50
                        && deleted.stream().allMatch(id -> after.ofUser(id).equals(day1.ofUser(id))),
                deleted.size() + " deleted accounts are back exactly as backed up, with their identities and profiles");
        check(
                changed.size() == 10
                        && changed.stream().allMatch(id -> after.ofUser(id).equals(day2.ofUser(id))),
                changed.size() + " accounts changed since the backup keep their new values");
        check(
                day2.rows().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(after.rows().get(e.getKey()))),
                "every row of day 2 is unchanged (the 5 new accounts included)");
        try (Connection c = postgres.connect(db.database());
                Statement st = c.createStatement()) {
            st.execute(
                    "INSERT INTO users (public_id, email, username, password_hash, display_name) "
                            + "VALUES (gen_random_uuid(), 'after-restore@example.org', 'after_restore', repeat('x', 60), 'After restore')");
            check(true, "the next sign-up gets a fresh id (sequences are past the restored ids)");
        } catch (SQLException e) {
            check(false, "the next sign-up gets a fresh id: " + e.getMessage());
        }
    }

    private <T extends CustomResource<?, ? extends RunStatus>> T apply(
            KubernetesClient client, Class<T> type, String yaml) {
        out.println(indent(yaml));
        T resource = client.getKubernetesSerialization().unmarshal(yaml, type);
        return client.resource(resource).create();
    }

    private <T extends HasMetadata> T awaitFinal(
            KubernetesClient client, T resource, Function<T, ? extends RunStatus> status) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        Phase shown = null;
        while (System.nanoTime() < deadline) {
            T current = client.resource(resource).get();
            RunStatus s = current == null ? null : status.apply(current);
            if (s != null && s.getPhase() != null && s.getPhase() != shown) {
                shown = s.getPhase();
                out.printf("   status.phase: %s%n", shown);
                out.flush();
            }
            if (s != null && s.getPhase() != null && s.getPhase().isFinal()) {
                return current;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(resource.getKind() + " "
                + resource.getMetadata().getName() + " did not finish within " + STEP_TIMEOUT.toSeconds() + " s");
    }

    private boolean sameAsDatabase(EmbeddedDatabase postgres, DatabaseTarget db, AccountsSnapshot expected)
            throws SQLException {
        try (Connection c = postgres.connect(db.database())) {
            return AccountsSnapshot.take(c).equals(expected);
        }
    }

    private void printCounts(AccountsSnapshot s) {
        out.printf(
                "   users %d, user_identities %d, user_profiles %d%n",
                s.count("users"), s.count("user_identities"), s.count("user_profiles"));
    }

    private void step(String title) {
        out.println();
        out.println("== " + title);
        out.flush();
    }

    private void check(boolean ok, String what) {
        out.printf("   %s %s%n", ok ? "ok  " : "FAIL", what);
        if (!ok) {
            failures.add(what);
        }
    }

    private boolean fail(String why) {
        failures.add(why);
        out.println("   FAIL " + why);
        return false;
    }

    private static String indent(String yaml) {
        return ("   | " + yaml.strip().replace("\n", "\n   | "));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
