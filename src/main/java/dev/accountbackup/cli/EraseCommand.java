package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.erasure.BackupPurge;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.engine.erasure.ErasureLedger;
import dev.accountbackup.engine.erasure.LedgerState;
import dev.accountbackup.engine.erasure.PurgeOutcome;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.BackupStores;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Records an erasure (GDPR art. 17) in the ledger of a backup folder, so that no restore brings the accounts back. */
@Command(
        name = "erase",
        description = "Records erased accounts in the erasure ledger of a backup folder (keys stored only as keyed"
                + " hashes): every later restore from that folder leaves their rows out.")
final class EraseCommand implements Callable<Integer> {

    /** Longest reference accepted: a ticket id, not a text. */
    static final int MAX_REFERENCE = 128;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "URI",
            description = "backup folder whose ledger records the erasure: file:///absolute/dir or s3://bucket/prefix")
    String to;

    @Mixin
    AccountOptions accounts;

    @Option(
            names = "--reference",
            paramLabel = "ID",
            defaultValue = "",
            description = "the request's ticket or case id, e.g. DSR-2026-0042 (no personal data)")
    String reference;

    @Mixin
    HashKeyOption hashKey;

    @Option(
            names = "--purge",
            description = "also rewrite every backup of the folder that holds these accounts without their rows"
                    + " (backups under Object Lock are listed with the date their lock ends)")
    boolean purge;

    @Mixin
    SigningKeyOption signing;

    @Mixin
    EncryptionOptions encryption;

    @Mixin
    OutputOptions output;

    /** What the command prints: never keys. */
    record Recorded(
            String entryId,
            String root,
            int accounts,
            String reference,
            boolean written,
            String ledgerVersion,
            List<PurgeOutcome> backups) {}

    @Override
    public Integer call() {
        AccountSelection selection = accounts.selection()
                .orElseThrow(() ->
                        new ParameterException(spec.commandLine(), "erase needs --account SCHEMA.TABLE=KEY[,KEY...]"));
        if (selection.selector().requestedKeys().isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(), "erase records accounts by primary key: use --account, not --account-match");
        }
        if (reference.length() > MAX_REFERENCE || reference.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw BackupException.invalid(
                    "--reference must be at most " + MAX_REFERENCE + " characters without control characters");
        }
        ErasureHasher hasher = hashKey.required("erase");
        List<String> hashes =
                selection.selector().requestedKeys().stream().map(hasher::hash).toList();
        PrintWriter out = spec.commandLine().getOut();
        try (BackupStore store = BackupStores.fromUri(to, Main.env(spec))) {
            BackupLocation location = encryption.apply(
                    new BackupLocation(store, "").withSigning(signing.keys(Main.env(spec))), Main.env(spec));
            ErasureLedger ledger = new ErasureLedger(store, "", location.signer(), Clock.systemUTC());
            ErasureLedger.Appended appended = ledger.append(selection.root(), hashes, reference, hasher.keyCheck());
            LedgerState state = ledger.read();
            Recorded recorded = new Recorded(
                    appended.entry().id(),
                    appended.entry().root(),
                    appended.entry().keyHashes().size(),
                    appended.entry().reference(),
                    appended.written(),
                    state.version(),
                    purge ? new BackupPurge(location, Clock.systemUTC()).purge(appended.entry(), hasher) : List.of());
            if (output.json()) {
                OutputOptions.printJson(out, recorded);
            } else {
                out.printf(
                        "%s erasure %s: %d account(s) of %s%s, at %s%n",
                        appended.written() ? "recorded" : "already recorded",
                        recorded.entryId(),
                        recorded.accounts(),
                        recorded.root(),
                        reference.isEmpty() ? "" : ", reference " + reference,
                        appended.entry().erasedAt());
                out.printf("ledger %s now at version %s%n", ledger.uri(), state.version());
                for (PurgeOutcome o : recorded.backups()) {
                    out.printf("backup %s: %s%n", o.backupId(), o.describe());
                }
            }
            boolean failed = recorded.backups().stream().anyMatch(o -> o.state() == PurgeOutcome.State.FAILED);
            return failed ? Main.FAILED : 0;
        }
    }
}
