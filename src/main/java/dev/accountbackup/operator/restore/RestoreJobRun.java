package dev.accountbackup.operator.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.report.RunReport;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.operator.erasure.ErasureKeySecret;
import dev.accountbackup.operator.erasure.ErasureSource;
import dev.accountbackup.operator.jobs.batch.JobRun;
import dev.accountbackup.operator.jobs.batch.PodCommand;
import dev.accountbackup.operator.jobs.batch.SpecMounts;
import dev.accountbackup.operator.resolve.StoreOpener;
import java.util.Map;

/**
 * A table restore as the {@code restore} command of a Kubernetes Job: the same backup, tables, mode, safety folder,
 * labels, accounts, masking ({@link MaskedRestoreFiles}) and load parallelism as {@link RestoreJob} in process. The
 * outcome is the restore's report, which
 * the command writes signed with the storage's signing keys. One run per spec generation.
 */
record RestoreJobRun(RestoreJob job, String run, PodCommand command) implements JobRun<RestoreOutcome> {

    /** @throws BackupException (INVALID) when a Job cannot run this restore */
    static RestoreJobRun of(AccountRestore restore, RestoreSource source, RestoreJob job) {
        PodCommand.Builder command = PodCommand.command("restore");
        SpecMounts.database(command, source.database());
        String root = SpecMounts.storage(command, source.storage());
        command.arg(
                "--from",
                root + "/" + job.backupsPath(),
                "--backup",
                job.backupId() == null ? "latest" : job.backupId(),
                "--mode",
                job.mode().specName(),
                "--safety-to",
                root + "/" + job.safetyPath());
        if (!job.tables().isEmpty()) {
            command.arg("--tables", String.join(",", job.tables()));
        }
        if (job.dryRun()) {
            command.arg("--dry-run");
        }
        if (job.disableTriggers()) {
            command.arg("--disable-triggers");
        }
        if (job.loadParallelism() > 1) {
            command.arg("--load-parallelism", Integer.toString(job.loadParallelism()));
        }
        if (job.erasures() != null && job.erasures().ignore()) {
            command.arg("--ignore-erasures"); // said so in the status and events, as in process
        } else if (job.erasures() != null) {
            SpecMounts.erasures(
                    command,
                    root,
                    ErasureSource.ledgerFolder(job.backupsPath()),
                    erasureKeySecret(restore),
                    job.erasures().table(),
                    job.erasures().origin());
        }
        if (job.maskedCopy() != null) {
            MaskedRestoreFiles.add(
                    command, job.maskedCopy(), restore.getSpec().getMasking().getSaltSecret());
        }
        AccountsSpec accounts = restore.getSpec().getAccounts();
        if (accounts != null && accounts.getSample() == null) {
            accounts(command, accounts);
        }
        job.safetyLabels().forEach((key, value) -> command.arg("--label", key + "=" + value));
        return new RestoreJobRun(job, "generation-" + restore.getMetadata().getGeneration(), command.build());
    }

    /** spec.accounts as the command's --account or --account-match (already checked by the validator). */
    private static void accounts(PodCommand.Builder command, AccountsSpec accounts) {
        if (accounts.getKeys() != null) {
            if (accounts.getKeys().stream().anyMatch(k -> k.contains(","))) {
                throw BackupException.invalid(
                        "an account key holds a comma, which a restore run as a Job cannot pass on: run it in the operator's process");
            }
            command.arg("--account", accounts.getRoot() + "=" + String.join(",", accounts.getKeys()));
        } else {
            Map.Entry<String, String> match =
                    accounts.getMatch().entrySet().iterator().next();
            command.arg("--account-match", accounts.getRoot() + "." + match.getKey() + "=" + match.getValue());
        }
    }

    @Override
    public StoreOpener store() {
        return job.storage();
    }

    private static String erasureKeySecret(AccountRestore restore) {
        String named = restore.getSpec().getErasureKeySecret();
        return named == null || named.isBlank() ? ErasureKeySecret.DEFAULT_NAME : named;
    }

    @Override
    public RestoreOutcome succeeded(BackupStore store, RunReport report) {
        JsonNode result = report.result().path("result");
        JsonNode safety = report.result().path("safetyLocation");
        try {
            return new RestoreOutcome(
                    ManifestJson.mapper().treeToValue(result, RestoreResult.class),
                    safety.isTextual() ? safety.asText() : null);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BackupException(
                    BackupException.Kind.CORRUPT, "the report of the restore's Job is not a restore's result");
        }
    }
}
