package dev.accountbackup.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A backup (once, or on a schedule with retention) of some tables of a PostgreSQL database to S3 or a volume. */
@Group(AccountBackup.GROUP)
@Version(AccountBackup.VERSION)
@ShortNames("ab")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Backup ID", jsonPath = ".status.backupId", type = Type.STRING)
@AdditionalPrinterColumn(name = "Completed", jsonPath = ".status.completedAt", type = Type.DATE)
@AdditionalPrinterColumn(name = "Last Success", jsonPath = ".status.lastSuccessfulBackup.time", type = Type.DATE)
@AdditionalPrinterColumn(name = "Snapshot", jsonPath = ".status.snapshot.status", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Next Run", jsonPath = ".status.nextScheduleTime", type = Type.STRING)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class AccountBackup extends CustomResource<AccountBackupSpec, AccountBackupStatus> implements Namespaced {

    public static final String GROUP = "accountbackup.dev";
    public static final String VERSION = "v1alpha1";
}
