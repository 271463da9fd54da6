package dev.accountbackup.operator.restore;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreSpec;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.api.LedgerTableSpec;
import dev.accountbackup.api.MaskingSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.erasure.LedgerTable;
import dev.accountbackup.engine.masking.MaskSalt;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.engine.restore.RestoreMode;
import dev.accountbackup.operator.BackupEngine;
import dev.accountbackup.operator.erasure.ErasureKeySecret;
import dev.accountbackup.operator.erasure.ErasureSource;
import dev.accountbackup.operator.resolve.DatabaseTargets;
import dev.accountbackup.operator.resolve.SecretReader;
import dev.accountbackup.operator.resolve.StorageResolver;
import dev.accountbackup.operator.resolve.StoreOpener;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import dev.accountbackup.operator.validation.AccountsChecks;
import dev.accountbackup.operator.validation.RestoreSpecValidator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns an AccountRestore (validated) into the restore of its tables from the JSON backup: source, target, Secrets read. */
final class TableRestores {

    /**
     * A table restore ready to run.
     *
     * @param source        where the backups are read from, without credentials
     * @param backupRunning the phase of the named AccountBackup while it has not finished yet, else null
     * @param from          the specs of the database and storage the restore uses
     */
    record Prepared(RestoreJob job, String source, String database, Phase backupRunning, RestoreSource from) {}

    /** The key of the masking salt in its Secret. */
    static final String SALT_KEY = "salt";

    /** The root table of the keys of spec.ledgerTable when it names none. */
    static final String DEFAULT_LEDGER_ROOT = "public.users";

    /** The folder of every namespace that holds its restores' safety copies. */
    static final String SAFETY_FOLDER = "_restores";

    private final DatabaseTargets databases;
    private final StorageResolver storage;
    private final BackupEngine engine;
    private final RestoreSpecValidator validator;
    private final SecretReader secrets;

    TableRestores(
            DatabaseTargets databases,
            StorageResolver storage,
            BackupEngine engine,
            RestoreSpecValidator validator,
            SecretReader secrets) {
        this.databases = databases;
        this.storage = storage;
        this.engine = engine;
        this.validator = validator;
        this.secrets = secrets;
    }

    /**
     * @param backupId the backup id asked for, or null for the latest
     * @param named    the AccountBackup the spec names, as the informer cache holds it
     * @throws BackupException when the AccountBackup, the Secrets or the names are wrong
     */
    Prepared prepare(AccountRestore restore, String backupId, Optional<AccountBackup> named) {
        AccountRestoreSpec spec = restore.getSpec();
        String namespace = restore.getMetadata().getNamespace();
        String name = restore.getMetadata().getName();
        String safetyPath = safetyPath(namespace, name);
        RestoreSource source = RestoreSource.of(restore, named, validator);
        if (spec.getSource() != null) {
            storage.checkReadable(namespace, "source.path", source.path());
        }
        checkSafetyPath(source, safetyPath);
        DatabaseTarget target = databases.resolve(namespace, source.database());
        StoreOpener store = storage.resolve(namespace, source.storage());
        Map<String, String> safetyLabels =
                SnapshotTags.restore(namespace, name, restore.getMetadata().getUid());
        RestoreJob job = new RestoreJob(
                engine,
                store,
                source.path(),
                backupId,
                safetyPath,
                target,
                listed(spec),
                RestoreMode.parse(spec.getMode()),
                Boolean.TRUE.equals(spec.getDryRun()),
                safetyLabels,
                Boolean.TRUE.equals(spec.getDisableTriggers()),
                spec.getAccounts() == null || spec.getAccounts().getSample() != null
                        ? null
                        : AccountsChecks.selection(spec.getAccounts()),
                new ErasureSource(
                        ErasureKeySecret.of(secrets, namespace, spec.getErasureKeySecret()),
                        Boolean.TRUE.equals(spec.getIgnoreErasures()),
                        ledgerTable(spec.getLedgerTable()),
                        ErasureSource.origin(namespace, name)),
                maskedCopy(namespace, spec),
                spec.getLoadParallelism() == null ? 1 : spec.getLoadParallelism());
        return new Prepared(
                job, store.describe() + "/" + source.path(), target.describe(), source.backupRunning(), source);
    }

    /** The masking and sample of a staging copy, with the salt read from its Secret; null for none. */
    private MaskedCopy maskedCopy(String namespace, AccountRestoreSpec spec) {
        MaskingSpec masking = spec.getMasking();
        if (masking == null) {
            return null;
        }
        String salt = secrets.read(namespace, masking.getSaltSecret(), "the masking salt", List.of(SALT_KEY), List.of())
                .get(SALT_KEY);
        AccountsSpec accounts = spec.getAccounts();
        return new MaskedCopy(
                RestoreSpecValidator.maskingRules(masking),
                MaskSalt.of(salt, "Secret '" + masking.getSaltSecret() + "' key '" + SALT_KEY + "'"),
                accounts == null || accounts.getSample() == null ? null : AccountsChecks.sample(accounts));
    }

    /** spec.ledgerTable, its names checked; null for none. */
    static LedgerTable ledgerTable(LedgerTableSpec spec) {
        if (spec == null) {
            return null;
        }
        return new LedgerTable(
                spec.getName(),
                spec.getKeyColumn(),
                spec.getRoot() == null || spec.getRoot().isBlank() ? DEFAULT_LEDGER_ROOT : spec.getRoot());
    }

    /** The tables the spec lists; empty for all tables of the backup. */
    static List<String> listed(AccountRestoreSpec spec) {
        return spec.getTables() == null ? List.of() : List.copyOf(spec.getTables());
    }

    /**
     * Where a restore keeps its safety copies: {@code <namespace>/_restores/<name>}, a folder no
     * AccountBackup can own (Kubernetes names have no '_'), so none ever lists or deletes them as its own.
     */
    static String safetyPath(String namespace, String restoreName) {
        return namespace + "/" + SAFETY_FOLDER + "/" + restoreName;
    }

    /** A restore from its own safety folder would find, on a retry, the copy it just took as 'latest'. */
    private static void checkSafetyPath(RestoreSource source, String safetyPath) {
        if (safetyPath.equals(source.path())) {
            throw BackupException.invalid(
                    "source.path " + source.path() + " is where this AccountRestore keeps its own safety copies:"
                            + " restore from it with an AccountRestore of another name");
        }
    }
}
