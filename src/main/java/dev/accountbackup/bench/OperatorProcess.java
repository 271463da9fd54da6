package dev.accountbackup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator as a JVM of its own, with the memory settings of its Deployment (a 768 MiB limit, and the image's
 * {@code -XX:MaxRAMPercentage=75}), watching this process's in-process API server through a kubeconfig: so that its
 * resident set is the operator's alone, as the pod's memory limit counts it.
 */
final class OperatorProcess implements AutoCloseable {

    /**
     * The Deployment's memory limit (deploy/deployment.yaml), the image's JVM flag, and the one processor its CPU limit
     * of 1 gives the JVM: with one processor the JVM picks the serial collector, as it does in the pod.
     */
    static final List<String> DEPLOYMENT_JVM =
            List.of("-XX:MaxRAM=768m", "-XX:MaxRAMPercentage=75", "-XX:ActiveProcessorCount=1");

    private final Process process;
    private final Path log;

    private OperatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param apiServer the API server's address
     * @param storage   the file-system root the backups use
     */
    static OperatorProcess start(String apiServer, Path storage, Path workDir) throws IOException {
        Path kubeconfig = workDir.resolve("kubeconfig");
        Files.writeString(
                kubeconfig,
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "kind: Config",
                        "clusters: [{name: bench, cluster: {server: \"" + apiServer + "\"}}]",
                        "users: [{name: bench, user: {token: bench}}]",
                        "contexts: [{name: bench, context: {cluster: bench, user: bench}}]",
                        "current-context: bench",
                        ""));
        Path log = workDir.resolve("operator.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DEPLOYMENT_JVM);
        // this program's own class path: the jar, when run as one
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.accountbackup.cli.Main", "operator"));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("POD_NAMESPACE");
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("ACCOUNT_BACKUP_LEADER_ELECTION", "false");
        env.put("ACCOUNT_BACKUP_USE_SSA", "false"); // the in-process API server has no server-side apply
        env.put("ACCOUNT_BACKUP_HEALTH_PORT", "-1");
        env.put("ACCOUNT_BACKUP_FILESYSTEM_ROOTS", storage.toAbsolutePath().toString());
        env.put("LOG_LEVEL", "WARN");
        return new OperatorProcess(builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Where its log goes. */
    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
