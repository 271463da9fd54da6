package dev.accountbackup.operator.metrics;

import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.restore.RestoreMode;
import dev.accountbackup.operator.jobs.AttemptHandle;
import dev.accountbackup.operator.restore.RestoreAttempt;
import dev.accountbackup.operator.restore.RestoreOutcome;
import dev.accountbackup.operator.run.RunListener;
import dev.accountbackup.operator.validation.RestoreSpecValidator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** Counts the ends of AccountRestore runs by mode, dry run and outcome, and their retries. */
final class RestoreRunCounters implements RunListener<AccountRestore, RestoreOutcome, RestoreAttempt> {

    static final String RUNS = "accountrestore.runs";
    static final String RETRIES = "accountrestore.retries";

    private final PerResourceCounters counters;

    RestoreRunCounters(MeterRegistry registry) {
        this.counters = new PerResourceCounters(registry);
    }

    @Override
    public void succeeded(AccountRestore restore, AttemptHandle<RestoreOutcome, RestoreAttempt> job) {
        runs(restore, "succeeded").increment();
    }

    @Override
    public void retrying(AccountRestore restore, AttemptHandle<RestoreOutcome, RestoreAttempt> job) {
        retries(restore).increment();
    }

    @Override
    public void failed(AccountRestore restore, AttemptHandle<RestoreOutcome, RestoreAttempt> job) {
        runs(restore, "failed").increment();
    }

    /** Creates the counters of every live restore at zero and removes those of deleted ones. */
    void prepare(List<AccountRestore> live) {
        for (AccountRestore restore : live) {
            runs(restore, "succeeded");
            runs(restore, "failed");
            retries(restore);
        }
        counters.retainOnly(live);
    }

    private Counter runs(AccountRestore restore, String outcome) {
        AccountRestoreSpec spec = restore.getSpec();
        return counters.counter(
                restore,
                RUNS,
                "Restores that ended, by mode, dry run and outcome",
                "mode",
                mode(spec),
                "dry_run",
                Boolean.toString(spec != null && Boolean.TRUE.equals(spec.getDryRun())),
                "outcome",
                outcome);
    }

    private Counter retries(AccountRestore restore) {
        return counters.counter(restore, RETRIES, "Restore attempts that failed transiently and are retried");
    }

    /**
     * InsertMissing, Upsert or Replace; Snapshot for an RDS snapshot restore without tables; Invalid for a mode the
     * spec spells wrong (never the spec's text: labels take only these values).
     */
    static String mode(AccountRestoreSpec spec) {
        if (spec == null) {
            return "Invalid";
        }
        if (!RestoreSpecValidator.restoresTables(spec)) {
            return "Snapshot";
        }
        try {
            return RestoreMode.parse(spec.getMode()).specName();
        } catch (BackupException e) {
            return "Invalid";
        }
    }
}
