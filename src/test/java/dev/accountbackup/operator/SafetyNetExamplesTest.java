package dev.accountbackup.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.api.DeletionPolicy;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.operator.validation.AccountsChecks;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The safety-net examples of the README parse as what they claim to be: the AccountBackups and
 * AccountRestores (also the ones a hook Job applies) as the CRD types, with no field the CRDs do
 * not know, and the hooks as Jobs that wait for the backup to succeed.
 */
class SafetyNetExamplesTest {

    private static final Path EXAMPLES = Path.of("deploy/examples/safety-net");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    /** Strict: a misspelt field in an example is an error, not silently dropped. */
    private static final ObjectMapper STRICT =
            new ObjectMapper().findAndRegisterModules().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    @SuppressWarnings("unchecked")
    void everyExampleParsesAndTheCustomResourcesMatchTheCrds() throws IOException {
        List<AccountBackup> backups = new ArrayList<>();
        List<AccountRestore> restores = new ArrayList<>();
        List<Job> hooks = new ArrayList<>();
        List<AccountSelection> selections = new ArrayList<>();
        for (Map<String, Object> doc : documents()) {
            switch ((String) doc.get("kind")) {
                case "AccountBackup" -> backups.add(STRICT.convertValue(doc, AccountBackup.class));
                case "AccountRestore" -> {
                    // spec.accounts checked on its own class, so this test holds whichever AccountRestoreSpec has it
                    Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
                    selections.add(
                            AccountsChecks.selection(STRICT.convertValue(spec.remove("accounts"), AccountsSpec.class)));
                    restores.add(STRICT.convertValue(doc, AccountRestore.class));
                }
                case "Job" -> hooks.add(YAML.convertValue(doc, Job.class));
                default -> {
                    HasMetadata object = YAML.convertValue(doc, GenericKubernetesResource.class);
                    assertNotNull(object.getMetadata().getName());
                }
            }
        }
        assertEquals(2, hooks.size(), "the Argo CD and the Helm hook");
        for (Job hook : hooks) {
            String script = String.join(
                    "\n",
                    hook.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getArgs());
            assertTrue(
                    script.contains("kubectl wait --namespace shop --for=jsonpath='{.status.phase}'=Succeeded"),
                    script);
            assertEquals(0, hook.getSpec().getBackoffLimit());
            backups.add(applied(script));
        }
        assertEquals(3, backups.size());
        for (AccountBackup backup : backups) {
            assertFalse(backup.getSpec().getTables().isEmpty());
            assertNotNull(backup.getSpec().getStorage().getS3());
            assertEquals(DeletionPolicy.Retain, backup.getSpec().getDeletionPolicy());
            assertEquals(null, backup.getSpec().getSchedule(), "a one-shot backup");
        }
        assertEquals(2, restores.size());
        assertTrue(restores.get(0).getSpec().getDryRun());
        for (AccountRestore restore : restores) {
            assertEquals("before-migration-v42", restore.getSpec().getBackupName());
        }
        for (AccountSelection selection : selections) {
            assertEquals("public.users", selection.root());
            assertEquals(Set.of("4", "5", "9"), selection.selector().requestedKeys());
        }
    }

    /** The AccountBackup a hook's script applies, with its generated name filled in. */
    private static AccountBackup applied(String script) {
        int start = script.indexOf("<<EOF\n") + "<<EOF\n".length();
        int end = script.indexOf("\nEOF\n", start);
        assertTrue(start > 5 && end > start, script);
        String manifest = script.substring(start, end).replace("$name", "before-migration-20261206-120000");
        return STRICT.convertValue(YAML.unmarshal(manifest, Map.class), AccountBackup.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (!doc.replaceAll("(?m)^\\s*#.*$", "").isBlank()) {
                        docs.add(YAML.unmarshal(doc, Map.class));
                    }
                }
            }
        }
        return docs;
    }
}
