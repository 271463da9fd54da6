package dev.accountbackup.operator;

import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.restore.AccountDiff;
import dev.accountbackup.engine.restore.AccountDiffRequest;
import dev.accountbackup.engine.restore.AccountDiffResult;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.restore.Restorer;
import dev.accountbackup.operator.snapshot.RdsConnections;

/**
 * The Kubernetes-free engine the reconcilers drive: one export or one restore per call, on a job
 * thread, and the connections to RDS that snapshots go through.
 */
public interface BackupEngine {

    Manifest export(ExportRequest request);

    RestoreResult restore(RestoreRequest request);

    /** Compares a backup with the live database, account by account; only reads the database. */
    default AccountDiffResult diff(AccountDiffRequest request) {
        return new AccountDiff().diff(request);
    }

    /** How RDS is reached: AWS's endpoints, or those of the standard AWS settings (AWS_ENDPOINT_URL_RDS). */
    default RdsConnections rds() {
        return RdsConnections.standard();
    }

    /** The real engine, reaching RDS through the given connections (e.g. a local RDS-compatible endpoint). */
    static BackupEngine standard(RdsConnections rds) {
        return new BackupEngine() {
            @Override
            public Manifest export(ExportRequest request) {
                return new Exporter().export(request);
            }

            @Override
            public RestoreResult restore(RestoreRequest request) {
                return new Restorer().restore(request);
            }

            @Override
            public RdsConnections rds() {
                return rds;
            }
        };
    }

    /** The real engine. */
    static BackupEngine standard() {
        return standard(RdsConnections.standard());
    }
}
