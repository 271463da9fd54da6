package dev.accountbackup.operator.restore;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreSpec;
import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoreSnapshotSpec;
import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.engine.snapshot.SnapshotNames;
import dev.accountbackup.engine.snapshot.SnapshotRestoreProgress;
import dev.accountbackup.engine.snapshot.SnapshotRestoreRequest;
import dev.accountbackup.engine.storage.AwsCredentials;
import dev.accountbackup.operator.erasure.BackupLedger;
import dev.accountbackup.operator.erasure.ErasureKeySecret;
import dev.accountbackup.operator.erasure.ErasureSource;
import dev.accountbackup.operator.resolve.DatabaseTargets;
import dev.accountbackup.operator.resolve.SecretReader;
import dev.accountbackup.operator.resolve.StorageResolver;
import dev.accountbackup.operator.resolve.StoreOpener;
import dev.accountbackup.operator.snapshot.RdsFollower;
import dev.accountbackup.operator.snapshot.SnapshotSources;
import dev.accountbackup.operator.snapshot.SnapshotTags;
import dev.accountbackup.operator.validation.BackupSpecValidator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Turns an AccountRestore with spec.snapshot, and the AccountBackup it names, into a snapshot restore run. */
final class SnapshotRestores {

    private final StorageResolver storage;
    private final RdsFollower rds;
    private final DatabaseTargets databases;
    private final SecretReader secrets;

    /**
     * @param storage   reads the AWS credentials Secret the AccountBackup names, and opens the storage of its erasure ledger
     * @param databases reads the login to the new instance, to delete erased accounts from it
     * @param secrets   reads the erasure hash key
     */
    SnapshotRestores(StorageResolver storage, RdsFollower rds, DatabaseTargets databases, SecretReader secrets) {
        this.storage = storage;
        this.rds = rds;
        this.databases = databases;
        this.secrets = secrets;
    }

    /**
     * A snapshot restore ready to run.
     *
     * @param backupRunning the phase of the AccountBackup while it has not finished yet, else null
     */
    record Prepared(SnapshotRestoreRun run, Phase backupRunning) {}

    /**
     * @param named    the AccountBackup the spec names, as the informer cache holds it
     * @param backupId the backup id asked for, or null for the newest snapshot
     * @param tables   the table restore to run into the new instance, or null
     * @throws BackupException (INVALID) when the AccountBackup takes no snapshots, the region holds none of them, or
     *     the AccountBackup names no erasure ledger and the restore does not ignore erasures
     */
    Prepared prepare(AccountRestore restore, Optional<AccountBackup> named, String backupId, RestoreJob tables) {
        String namespace = restore.getMetadata().getNamespace();
        String backupName = restore.getSpec().getBackupName();
        RestoreSnapshotSpec wanted = restore.getSpec().getSnapshot();
        AccountBackup backup = named.orElse(null);
        if (backup == null || backup.getSpec() == null) {
            throw BackupException.invalid(
                    "AccountBackup '" + backupName + "' not found in namespace '" + namespace
                            + "': a snapshot restore needs it, for the instance or cluster, the region and the AWS credentials");
        }
        SnapshotSpec taken = backup.getSpec().getSnapshot();
        if (taken == null) {
            throw BackupException.invalid(
                    "AccountBackup '" + backupName + "' takes no RDS snapshots (its spec.snapshot is not set)");
        }
        String region = blank(wanted.getRegion())
                ? taken.getRegion()
                : wanted.getRegion().strip();
        List<String> regions = SnapshotSources.regions(taken);
        if (!regions.contains(region)) {
            throw BackupException.invalid("snapshot.region " + region + " holds no snapshots of AccountBackup '"
                    + backupName + "': use one of " + String.join(", ", regions));
        }
        String requested = !blank(wanted.getSnapshotIdentifier())
                ? wanted.getSnapshotIdentifier().strip()
                : backupId == null ? null : SnapshotNames.forRun(namespace, backupName, backupId);
        AwsCredentials credentials = storage.awsCredentials(
                namespace,
                taken.getCredentialsSecret(),
                "the AWS credentials for RDS snapshots of AccountBackup " + backupName);
        SnapshotKind kind = SnapshotSources.of(taken).kind();
        Map<String, String> tags = SnapshotTags.restore(
                namespace,
                restore.getMetadata().getName(),
                restore.getMetadata().getUid());
        Function<String, SnapshotRestoreRequest> request = snapshotId -> new SnapshotRestoreRequest(
                kind,
                region,
                snapshotId,
                wanted.getRestoreAs().strip(),
                blankToNull(wanted.getInstanceClass()),
                blankToNull(wanted.getDbSubnetGroupName()),
                wanted.getVpcSecurityGroupIds() == null ? List.of() : List.copyOf(wanted.getVpcSecurityGroupIds()),
                blankToNull(wanted.getParameterGroupName()),
                wanted.getMultiAZ(),
                Boolean.TRUE.equals(wanted.getPubliclyAccessible()),
                tags);
        SnapshotRestoreRun run = new SnapshotRestoreRun(
                rds,
                credentials,
                kind,
                new SnapshotRestoreAttempt(wanted.getRestoreAs().strip(), region, requested),
                SnapshotTags.owner(namespace, backupName),
                backupName,
                request,
                erasure(restore, backup),
                tables);
        Phase phase = backup.getStatus() == null || backup.getStatus().getPhase() == null
                ? Phase.Pending
                : backup.getStatus().getPhase();
        return new Prepared(run, phase.isFinal() ? null : phase);
    }

    /**
     * The deletion of the namespace's erased accounts from the new instance: the ledger is the one the AccountBackup
     * names (beside its JSON backups, or its snapshot.erasureLedger), the login that of target.database or the
     * AccountBackup's database, with the Secret snapshot.credentialsSecret names if set.
     *
     * @throws BackupException (INVALID) when the AccountBackup names no ledger and the spec does not ignore erasures:
     *     the restore fails before any instance is created
     */
    private SnapshotErasure erasure(AccountRestore restore, AccountBackup backup) {
        String namespace = restore.getMetadata().getNamespace();
        AccountRestoreSpec spec = restore.getSpec();
        AccountBackupSpec backupSpec = backup.getSpec();
        boolean ignore = Boolean.TRUE.equals(spec.getIgnoreErasures());
        StoreOpener ledger = BackupLedger.resolve(storage, namespace, spec.getBackupName(), backupSpec);
        if (ledger == null && !ignore) {
            throw BackupException.invalid(noLedger(spec.getBackupName()));
        }
        DatabaseSpec database = spec.getTarget() != null ? spec.getTarget().getDatabase() : backupSpec.getDatabase();
        String secret = blank(spec.getSnapshot().getCredentialsSecret())
                ? database == null ? null : database.getCredentialsSecret()
                : spec.getSnapshot().getCredentialsSecret().strip();
        return new SnapshotErasure(
                ledger,
                namespace + "/" + spec.getBackupName(),
                new ErasureSource(
                        ErasureKeySecret.of(secrets, namespace, spec.getErasureKeySecret()),
                        ignore,
                        null,
                        ErasureSource.origin(namespace, restore.getMetadata().getName())),
                instance -> databases.resolve(namespace, loginAt(instance, database, secret, spec.getBackupName())),
                backupSpec.getTables() == null ? List.of() : List.copyOf(backupSpec.getTables()));
    }

    /** Why a snapshot restore without a ledger does not run, and the two ways on. */
    private static String noLedger(String backupName) {
        return "AccountBackup '" + backupName + "' keeps only RDS snapshots and names no erasure ledger, so the"
                + " accounts erased since its snapshots could not be deleted from the new instance: set its "
                + BackupSpecValidator.ERASURE_LEDGER_FIELD
                + " to the storage of the namespace's erasure ledger, or set ignoreErasures: true on this"
                + " AccountRestore to restore the snapshot as it is. Nothing was restored";
    }

    /** The database and login of {@code database} at the new instance's endpoint. */
    private static DatabaseSpec loginAt(
            SnapshotRestoreProgress instance, DatabaseSpec database, String secret, String backupName) {
        if (database == null || blank(database.getName()) || blank(secret)) {
            throw BackupException.invalid("the erasure ledger holds erasures to delete from the new instance, and"
                    + " neither target.database nor AccountBackup '" + backupName + "' names its database and login:"
                    + " set target.database (name and credentialsSecret; its host is the new instance's)");
        }
        DatabaseSpec login = new DatabaseSpec();
        login.setHost(instance.endpoint());
        login.setPort(instance.port() == null ? DatabaseTarget.DEFAULT_PORT : instance.port());
        login.setName(database.getName());
        login.setCredentialsSecret(secret);
        login.setSslMode(database.getSslMode());
        return login;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s.strip();
    }
}
