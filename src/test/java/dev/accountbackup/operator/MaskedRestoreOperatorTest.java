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
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.operator.status.Conditions;
import dev.accountbackup.sample.SampleAccounts;
import dev.accountbackup.testing.TestPostgres;
import io.fabric8.kubernetes.api.model.AnyType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A masked, sampled staging copy through the operator: the status says what was masked, bad rules are refused. */
class MaskedRestoreOperatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MockCluster cluster = MockCluster.perClass("masked");

    private DatabaseTarget production;

    @BeforeEach
    void backUpProduction() {
        cluster.startOperator(MockCluster.settings(cluster.root()));
        production = TestPostgres.newAccountsDatabase(60);
        cluster.client
                .resource(Specs.backup(
                        cluster.ns(),
                        "nightly",
                        Specs.database(production, "shop-db"),
                        SampleAccounts.TABLES,
                        Specs.filesystem(cluster.root())))
                .create();
        await().atMost(TIMEOUT)
                .until(
                        () -> cluster.backup(cluster.ns(), "nightly"),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == Phase.Succeeded);
        cluster.secret(cluster.ns(), "staging-mask-salt", Map.of("salt", "staging-salt-0123456789abcdef"));
    }

    @Test
    void aMaskedSampleOfProductionLandsInStagingAndTheStatusSaysHow() {
        DatabaseTarget staging = TestPostgres.newAccountsDatabase(60); // Replace: staging ends up holding the sample
        Map<String, AnyType> rules = new LinkedHashMap<>();
        rules.put("public.users.email", new AnyType("email"));
        rules.put("public.users.password_hash", new AnyType(Map.of("constant", "$2b$10$masked")));
        rules.put("public.user_profiles.bio", new AnyType("redact"));
        AccountRestore restore = maskedRestore("to-staging", staging, rules, 12);
        restore.getSpec().getMasking().setByDefault("byColumnName");

        cluster.client.resource(restore).create();
        AccountRestoreStatus status = awaitPhase("to-staging", Phase.Succeeded).getStatus();

        assertEquals(12, status.getSampledAccounts());
        assertTrue(
                status.getMaskedColumns().contains("public.users.email: email"),
                status.getMaskedColumns().toString());
        assertTrue(
                status.getMaskedColumns().contains("public.users.phone: phone (by column name)"),
                status.getMaskedColumns().toString());
        assertEquals(12, TestPostgres.rowCount(staging, "public.users"));
        assertEquals(0, TestPostgres.number(staging, """
                SELECT count(*) FROM user_identities i WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = i.user_id)"""));
        Map<String, String> productionEmails = TestPostgres.contents(production, "users", "t.id", "t.email");
        for (String email :
                TestPostgres.contents(staging, "users", "t.id", "t.email").values()) {
            assertFalse(productionEmails.containsValue(email), "a production e-mail reached staging");
        }
        assertEquals(1, TestPostgres.rowCount(staging, "public.account_backup_masked_restore"));
    }

    @Test
    void rulesThatDoNotFitTheBackupFailWithAClearMessageAndChangeNothing() {
        DatabaseTarget staging = TestPostgres.newAccountsDatabase(5);
        Map<String, AnyType> rules = new LinkedHashMap<>();
        rules.put("public.users.id", new AnyType("hash"));
        cluster.client
                .resource(maskedRestore("bad-rules", staging, rules, null))
                .create();

        AccountRestore failed = awaitPhase("bad-rules", Phase.Failed);
        assertTrue(
                failed.getStatus().getMessage().contains("public.user_identities.user_id references public.users.id"),
                failed.getStatus().getMessage());
        assertEquals(
                "False",
                Conditions.find(failed.getStatus().getConditions(), Conditions.READY)
                        .getStatus());
        assertEquals(5, TestPostgres.rowCount(staging, "public.users"));
    }

    @Test
    void aSampleWithoutMaskingAndAnUnknownTransformationAreRejected() {
        DatabaseTarget staging = TestPostgres.newAccountsDatabase(5);
        AccountRestore noSalt = maskedRestore("no-salt", staging, Map.of(), 3);
        noSalt.getSpec().setMasking(null);
        cluster.client.resource(noSalt).create();
        AccountRestore rejected = awaitPhase("no-salt", Phase.Failed);
        assertTrue(
                rejected.getStatus().getMessage().contains("accounts.sample needs masking.saltSecret"),
                rejected.getStatus().getMessage());

        Map<String, AnyType> rules = Map.of("public.users.email", new AnyType("scramble"));
        cluster.client.resource(maskedRestore("unknown", staging, rules, null)).create();
        AccountRestore unknown = awaitPhase("unknown", Phase.Failed);
        assertTrue(
                unknown.getStatus().getMessage().contains("unknown masking transformation 'scramble'"),
                unknown.getStatus().getMessage());
    }

    private static AccountRestore maskedRestore(
            String name, DatabaseTarget target, Map<String, AnyType> rules, Integer sample) {
        AccountRestore restore = Specs.restore(cluster.ns(), name, "nightly");
        RestoreTargetSpec into = new RestoreTargetSpec();
        into.setDatabase(Specs.database(target, "shop-db"));
        restore.getSpec().setTarget(into);
        restore.getSpec().setMode("Replace");
        MaskingSpec masking = new MaskingSpec();
        masking.setSaltSecret("staging-mask-salt");
        masking.setRules(new LinkedHashMap<>(rules));
        restore.getSpec().setMasking(masking);
        if (sample != null) {
            AccountsSpec accounts = new AccountsSpec();
            accounts.setRoot("public.users");
            accounts.setSample(sample);
            restore.getSpec().setAccounts(accounts);
        }
        return restore;
    }

    private static AccountRestore awaitPhase(String name, Phase phase) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> cluster.restore(cluster.ns(), name),
                        r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
    }
}
