package dev.accountbackup.operator;

import dev.accountbackup.engine.export.ExportRequest;
import dev.accountbackup.engine.export.Exporter;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.restore.RestoreRequest;
import dev.accountbackup.engine.restore.RestoreResult;
import dev.accountbackup.engine.restore.Restorer;

/** The Kubernetes-free engine the reconcilers drive: one export or one restore per call, on a job thread. */
public interface BackupEngine {

    Manifest export(ExportRequest request);

    RestoreResult restore(RestoreRequest request);

    /** The real engine. */
    static BackupEngine standard() {
        return new BackupEngine() {
            @Override
            public Manifest export(ExportRequest request) {
                return new Exporter().export(request);
            }

            @Override
            public RestoreResult restore(RestoreRequest request) {
                return new Restorer().restore(request);
            }
        };
    }
}
