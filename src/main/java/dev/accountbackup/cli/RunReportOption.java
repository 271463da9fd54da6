package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.report.RunReport;
import dev.accountbackup.engine.signing.SigningKeys;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import dev.accountbackup.operator.jobs.SafeErrors;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The --report-to option: how the run ended (its result, or its error) also written to storage, signed with the
 * command's signing keys, for a caller that cannot read this process's output (the operator, for a run in a
 * Kubernetes Job).
 */
final class RunReportOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--report-to",
            paramLabel = "URI",
            description = "also write how the run ended (its JSON result, or the error) to this file, e.g."
                    + " s3://bucket/prefix/report.json or file:///dir/report.json; signed with the signing keys")
    String reportTo;

    /**
     * Runs the command's work and, with --report-to, reports its result (as {@code reported} shows it) or its error; the
     * error is still thrown.
     */
    <T> T run(String name, SigningKeys keys, Supplier<T> work, Function<T, Object> reported) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            report(RunReport.failed(name, SafeErrors.toBackupException(e)), keys);
            throw e;
        }
        if (reportTo != null) {
            report(RunReport.succeeded(name, reported.apply(result)), keys);
        }
        return result;
    }

    private void report(RunReport report, SigningKeys keys) {
        if (reportTo == null) {
            return;
        }
        int slash = reportTo.lastIndexOf('/');
        if (slash <= 0 || slash == reportTo.length() - 1) {
            throw BackupException.invalid("--report-to must name a file, e.g. s3://bucket/prefix/report.json");
        }
        try (BackupStore store = BackupStores.fromUri(reportTo.substring(0, slash), Main.env(command))) {
            report.write(new BackupLocation(store, "").withSigning(keys), reportTo.substring(slash + 1));
        } catch (BackupException e) {
            if (!report.isSuccess()) {
                // the run's own error matters more: it is what the caller's log and exit code say
                command.commandLine().getErr().println("error: the run report could not be written: " + e.getMessage());
                return;
            }
            throw e;
        }
    }
}
