package dev.accountbackup.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.api.MaskingSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoreTargetSpec;
import dev.accountbackup.api.RunMode;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.operator.jobs.batch.BatchJobSettings;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import dev.accountbackup.testing.TestS3;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A masked, sampled staging copy run as a Kubernetes Job (the stand-in kubelet runs the Job's command in this
 * process): the rules reach it as a file of the pod's annotation, the salt as a file of its Secret, and the copy
 * holds no original value of a masked column.
 */
class MaskedRestoreJobTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String SALT = "staging-salt-0123456789abcdef";

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("masked-jobs");

    private FakeKubelet kubelet;
    private String bucket;

    @BeforeEach
    void kubeletAndStorage() throws Exception {
        kubelet = new FakeKubelet(cluster.client);
        bucket = TestS3.newBucket();
        cluster.secret(
                cluster.ns(), "aws", Map.of("accessKeyId", TestS3.ACCESS_KEY, "secretAccessKey", TestS3.SECRET_KEY));
        cluster.secret(cluster.ns(), "staging-mask-salt", Map.of("salt", SALT));
    }

    @AfterEach
    void stopKubelet() {
        kubelet.close();
    }

    @Test
    void aMaskedSampleRunsAsAJobAndLeavesNoOriginalValueInTheTarget() {
        cluster.startOperator(MockCluster.settings()
                .withBatchJobs(BatchJobSettings.defaults()
                        .withDefaultMode(RunMode.Job)
                        .withImage("registry.example/account-backup-operator:1.2.3")));
        DatabaseTarget production = TestPostgres.newAccountsDatabase(30);
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "nightly",
                        Specs.database(production, "shop-db"),
                        SampleAccounts.TABLES,
                        Specs.s3(bucket, "accounts", TestS3.endpoint().toString(), "aws")))
                .create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
        DatabaseTarget staging = TestPostgres.newAccountsDatabase(30); // Replace: staging ends up holding the sample

        cluster.client.resource(maskedRestore(staging)).create();
        AccountRestoreStatus status = await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), "to-staging"),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded)
                .getStatus();

        assertEquals(8, status.getSampledAccounts());
        assertTrue(
                status.getMaskedColumns().contains("public.users.email: email"),
                status.getMaskedColumns().toString());
        assertTrue(status.getMaskedColumns().contains("public.users.username: hash"));
        assertEquals(8, TestPostgres.rowCount(staging, "public.users"));
        for (String column : List.of("email", "username", "display_name", "phone", "password_hash")) {
            Map<String, String> original = TestPostgres.contents(production, "users", "t.id", "t." + column);
            for (String value : TestPostgres.contents(staging, "users", "t.id", "t." + column)
                    .values()) {
                assertFalse(
                        value != null && !value.isEmpty() && original.containsValue(value),
                        "an original " + column + " is in the target");
            }
        }
        assertEquals(1, TestPostgres.rowCount(staging, "public.account_backup_masked_restore"));

        Job job = kubelet.jobs.stream()
                .filter(j -> j.getMetadata()
                        .getLabels()
                        .get("accountbackup.dev/owner-kind")
                        .equals("AccountRestore"))
                .findFirst()
                .orElseThrow();
        Container container =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> args = container.getArgs();
        assertEquals("/etc/account-backup/masking/rules.yaml", args.get(args.indexOf("--mask") + 1));
        assertEquals("/etc/account-backup/masking-salt/salt", args.get(args.indexOf("--mask-salt-file") + 1));
        assertEquals("public.users=8", args.get(args.indexOf("--sample") + 1));
        assertTrue(job.getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("accountbackup.dev/masking-rules")
                .contains("\"public.users.email\":\"email\""));
        assertFalse(
                cluster.client.getKubernetesSerialization().asJson(job).contains(SALT),
                "the salt is only in its Secret");
    }

    private AccountRestore maskedRestore(DatabaseTarget target) {
        AccountRestore restore = Specs.restore(cluster.ns(), "to-staging", "nightly");
        RestoreTargetSpec into = new RestoreTargetSpec();
        into.setDatabase(Specs.database(target, "shop-db"));
        restore.getSpec().setTarget(into);
        restore.getSpec().setMode("Replace");
        Map<String, AnyType> rules = new LinkedHashMap<>();
        rules.put("public.users.email", new AnyType("email"));
        rules.put("public.users.username", new AnyType("hash"));
        rules.put("public.users.display_name", new AnyType("name"));
        rules.put("public.users.phone", new AnyType("phone"));
        rules.put("public.users.password_hash", new AnyType(Map.of("constant", "$2b$10$masked")));
        rules.put("public.user_identities.provider_email", new AnyType("email"));
        MaskingSpec masking = new MaskingSpec();
        masking.setSaltSecret("staging-mask-salt");
        masking.setRules(rules);
        restore.getSpec().setMasking(masking);
        AccountsSpec accounts = new AccountsSpec();
        accounts.setRoot("public.users");
        accounts.setSample(8);
        restore.getSpec().setAccounts(accounts);
        return restore;
    }
}
