package dev.accountbackup.cli;

import dev.accountbackup.operator.OperatorRunner;
import dev.accountbackup.operator.OperatorSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "operator", description = "Runs the Kubernetes operator against the current kubeconfig or the in-cluster service account "
        + "(the default when no command is given). Settings come from environment variables: see the README.")
final class OperatorCommand implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException {
        OperatorRunner.run(OperatorSettings.fromEnvironment(System.getenv()));
        return 0;
    }
}
