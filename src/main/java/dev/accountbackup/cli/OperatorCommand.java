package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.operator.OperatorRunner;
import dev.accountbackup.operator.OperatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
        name = "operator",
        description = "Runs the Kubernetes operator against the current kubeconfig or the in-cluster service account "
                + "(the default when no command is given). Settings come from environment variables: see the README.")
final class OperatorCommand implements Callable<Integer> {

    private static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    @Override
    public Integer call() throws InterruptedException {
        requireCluster(
                System.getenv(), Path.of(System.getProperty("user.home"), ".kube", "config"), SERVICE_ACCOUNT_TOKEN);
        OperatorRunner.run(OperatorSettings.fromEnvironment(System.getenv()));
        return 0;
    }

    /**
     * Fails at once, with what to do, when no cluster is configured at all: otherwise the client
     * would try the in-cluster address and give up only after a minute of connection errors.
     */
    static void requireCluster(Map<String, String> env, Path defaultKubeconfig, Path serviceAccountToken) {
        boolean inCluster = env.containsKey("KUBERNETES_SERVICE_HOST") || Files.exists(serviceAccountToken);
        String kubeconfig = env.get("KUBECONFIG");
        boolean hasKubeconfig = kubeconfig != null && !kubeconfig.isBlank() || Files.isRegularFile(defaultKubeconfig);
        if (!inCluster && !hasKubeconfig && !env.containsKey("KUBERNETES_MASTER")) {
            throw BackupException.invalid(
                    "no Kubernetes cluster is configured: set KUBECONFIG (or create " + defaultKubeconfig
                            + ") or run inside a cluster. To see the operator at work without a cluster, run the 'demo' command");
        }
    }
}
