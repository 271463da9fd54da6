package dev.accountbackup.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorCommandTest {

    @TempDir
    Path home;

    @Test
    void withoutAnyClusterItSaysWhatToDoInsteadOfRetryingForAMinute() {
        Path missing = home.resolve(".kube/config");
        BackupException e =
                assertThrows(BackupException.class, () -> OperatorCommand.requireCluster(Map.of(), missing, missing));
        assertTrue(e.getMessage().contains("KUBECONFIG") && e.getMessage().contains("demo"), e.getMessage());
    }

    @Test
    void aKubeconfigOrAnInClusterEnvironmentIsEnough() throws Exception {
        Path config = Files.createDirectories(home.resolve(".kube")).resolve("config");
        Files.writeString(config, "apiVersion: v1\nkind: Config\n");
        Path missing = home.resolve("none");
        assertDoesNotThrow(() -> OperatorCommand.requireCluster(Map.of(), config, missing));
        assertDoesNotThrow(
                () -> OperatorCommand.requireCluster(Map.of("KUBECONFIG", "/etc/kube/config"), missing, missing));
        assertDoesNotThrow(
                () -> OperatorCommand.requireCluster(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), missing, missing));
    }
}
