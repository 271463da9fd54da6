package dev.accountbackup.cli;

import dev.accountbackup.engine.accounts.AccountSample;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.erasure.ErasuresApplied;
import dev.accountbackup.engine.erasure.RestoreErasures;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.engine.restore.RestoreMode;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.restore.RestoredAccounts;
import dev.accountbackup.engine.restore.Restorer;
import dev.accountbackup.engine.restore.TableRestoreResult;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "restore",
        description = "Restores tables from a backup into a database, in one transaction (or, with --load-parallelism,"
                + " a Replace into empty tables on several connections at once).")
final class RestoreCommand implements Callable<Integer> {

    /** Who ran a restore, as its record beside the erasure ledger says. */
    static final String ORIGIN = "command line";

    @Spec
    CommandSpec spec;

    @Mixin
    BackupFolderOption folder;

    @Option(
            names = "--backup",
            defaultValue = "latest",
            paramLabel = "ID|latest",
            description = "backup id (default: the newest complete backup)")
    String backupId;

    @Option(
            names = "--database",
            required = true,
            paramLabel = "postgresql://USER@HOST:PORT/DB",
            description = "target database; the password comes from PGPASSWORD or ~/.pgpass")
    DatabaseTarget database;

    @Option(
            names = "--tables",
            split = ",",
            paramLabel = "T1,T2",
            description = "restore only these tables of the backup (default: all)")
    List<String> tables = List.of();

    @Option(
            names = "--mode",
            defaultValue = "insert-missing",
            paramLabel = "insert-missing|upsert|replace",
            description =
                    "insert-missing (default): add rows whose key is absent; upsert: also overwrite existing rows; "
                            + "replace: make the tables equal to the backup")
    String mode;

    @Option(names = "--dry-run", description = "report what would be inserted, updated and deleted; change nothing")
    boolean dryRun;

    @Option(
            names = "--disable-triggers",
            description = "keep the tables' own triggers off while rows change, so that restored rows keep the"
                    + " backup's values (the database user must own the tables); foreign keys are still checked")
    boolean disableTriggers;

    @Option(
            names = "--load-parallelism",
            defaultValue = "1",
            paramLabel = "N",
            description = "with --mode replace into empty tables: load and index them on N connections at once, as"
                    + " pg_restore -j does; faster, not one transaction (a failure empties the tables again; after a"
                    + " crash, run 'repair' or any restore). Default 1: one transaction")
    int loadParallelism;

    @Option(
            names = "--safety-to",
            paramLabel = "URI",
            description =
                    "where to save the current rows before an upsert or replace changes them (default: <from>-safety)")
    String safetyTo;

    @Option(names = "--no-safety-copy", description = "do not save the current rows before changing them")
    boolean noSafetyCopy;

    @Option(
            names = "--ignore-erasures",
            description = "restore erased accounts too: neither the erasure ledger nor --ledger-table is read (the"
                    + " output says so, and the restore's record beside the ledger too)")
    boolean ignoreErasures;

    @Mixin
    HashKeyOption hashKey;

    @Mixin
    ErasuresFromOption erasuresFrom;

    @Mixin
    LedgerTableOptions ledgerTable;

    @Option(
            names = "--record-origin",
            hidden = true,
            defaultValue = ORIGIN,
            description = "who runs the restore, as its record beside the erasure ledger says (the operator's Jobs"
                    + " name their AccountRestore)")
    String origin;

    @Option(
            names = "--label",
            paramLabel = "KEY=VALUE",
            description = "a label to record in the manifest of the safety copy (repeatable), e.g. to say whose it is")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(
            names = "--sample",
            paramLabel = "ROOT=N",
            description = "restore only N accounts of the root table (e.g. public.users=1000), each with every row it"
                    + " owns, picked deterministically with the masking salt; with --mode replace the tables end up"
                    + " holding the sample")
    String sample;

    @Mixin
    MaskOptions masking;

    @Mixin
    AccountOptions accounts;

    @Mixin
    OutputOptions output;

    @Mixin
    RunReportOption report;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BackupFolderOption.OpenFolder backups = folder.open();
                ErasuresFromOption.Opened ledger =
                        erasuresFrom.open(folder.from, backups.location().signer(), Main.env(spec));
                BackupStore safetyStore = noSafetyCopy
                        ? null
                        : BackupStores.fromUri(
                                safetyTo != null ? safetyTo : defaultSafetyUri(folder.from), Main.env(spec))) {
            BackupLocation source = backups.location();
            // the safety copy is signed and encrypted like the backups, under the current keys
            BackupLocation safety = safetyStore == null ? null : source.elsewhere(safetyStore, "");
            Map<String, String> safetyLabels =
                    new LinkedHashMap<>(Map.of("accountbackup.dev/created-by", "cli-restore-safety-copy"));
            safetyLabels.putAll(labels);
            MaskedCopy maskedCopy = masking.copy(sample());
            RestoreResult result = report.run(
                    "restore",
                    folder.signing.keys(Main.env(spec)),
                    () -> new Restorer()
                            .restore(new RestoreRequest(
                                    source,
                                    backupId,
                                    database,
                                    tables,
                                    RestoreMode.parse(mode),
                                    dryRun,
                                    safety,
                                    safetyLabels,
                                    disableTriggers,
                                    accounts.selection().orElse(null),
                                    erasures(ledger.ledger()),
                                    maskedCopy,
                                    loadParallelism)),
                    done -> reported(done, safety));
            if (output.json()) {
                OutputOptions.printJson(out, result);
            } else {
                print(out, result, safety);
            }
            return 0;
        }
    }

    /** The namespace's ledger and the application's erasure table; the hash key is read only when the ledger holds entries. */
    private RestoreErasures erasures(ErasureLedger ledger) {
        return new RestoreErasures(
                ledger,
                () -> hashKey.required("a restore from a folder with erasures"),
                ignoreErasures,
                ledgerTable.table(),
                origin);
    }

    /** The report of a restore: its result, and where its safety copy went. */
    private static Map<String, Object> reported(RestoreResult result, BackupLocation safety) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("result", result);
        if (result.safetyBackupId() != null) {
            json.put("safetyLocation", safety.uri(result.safetyBackupId()));
        }
        return json;
    }

    /** The --sample option, or null. */
    private AccountSample sample() {
        if (sample == null) {
            return null;
        }
        int at = sample.lastIndexOf('=');
        try {
            if (at < 1) {
                throw new NumberFormatException();
            }
            return new AccountSample(sample.substring(0, at), Integer.parseInt(sample.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--sample takes ROOT=N, e.g. public.users=1000");
        }
    }

    private static void print(PrintWriter out, RestoreResult result, BackupLocation safety) {
        out.printf("%s backup %s%n", result.dryRun() ? "dry run of restoring" : "restored", result.backupId());
        if (!result.atomic()) {
            out.printf(
                    "loaded on %d connections at once, not in one transaction (parallel Replace into empty tables)%n",
                    result.loadConnections());
        }
        out.printf("  %-32s %10s %10s %10s %10s%n", "TABLE", "INSERTED", "UPDATED", "DELETED", "UNCHANGED");
        for (TableRestoreResult t : result.tables()) {
            out.printf(
                    "  %-32s %10d %10d %10d %10d%n", t.table(), t.inserted(), t.updated(), t.deleted(), t.unchanged());
        }
        if (result.accounts() != null) {
            print(out, result.accounts());
        }
        ErasuresApplied erasures = result.erasures();
        if (erasures.ignored()) {
            out.println("warning: erasures ignored: the erasure ledger was not read; erased accounts may be back");
        } else if (erasures.applied()) {
            out.printf(
                    "erasure ledger version %s applied: %d erased account(s) withheld%n",
                    erasures.ledgerVersion(), erasures.accountsWithheld());
            if (erasures.ledgerTable() != null) {
                out.printf(
                        "erasure table %s applied: %d key(s) read%n",
                        erasures.ledgerTable(), erasures.ledgerTableKeys());
            }
            for (TableRestoreResult t : result.tables()) {
                if (erasures.rowsWithheld(t.table()) > 0) {
                    out.printf(
                            "  %-32s %10d row(s) withheld because of erasures%n",
                            t.table(), erasures.rowsWithheld(t.table()));
                }
            }
        }
        if (result.sampledAccounts() > 0) {
            out.printf("a sample of %d accounts%n", result.sampledAccounts());
        }
        for (String masked : result.masked()) {
            out.println("masked " + masked);
        }
        for (String warning : result.warnings()) {
            out.println("warning: " + warning);
        }
        if (result.safetyBackupId() != null) {
            out.printf(
                    "rows as they were before: backup %s at %s%n",
                    result.safetyBackupId(), safety.uri(result.safetyBackupId()));
        }
    }

    /** The keys not found are the user's own input, shown back to them; those found are never printed. */
    private static void print(PrintWriter out, RestoredAccounts accounts) {
        out.printf(
                "accounts of %s (%s): %d found in the backup, %d not found%s%n",
                accounts.root(),
                accounts.selection(),
                accounts.found(),
                accounts.notFound().size(),
                accounts.notFound().isEmpty() ? "" : ": " + String.join(", ", accounts.notFound()));
    }

    static String defaultSafetyUri(String from) {
        String trimmed = from.endsWith("/") ? from.substring(0, from.length() - 1) : from;
        boolean bucketRoot = trimmed.startsWith("s3://") && trimmed.indexOf('/', "s3://".length()) < 0;
        return bucketRoot ? trimmed + "/safety" : trimmed + "-safety";
    }
}
