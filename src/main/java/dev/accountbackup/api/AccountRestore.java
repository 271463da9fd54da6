package dev.accountbackup.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A one-shot restore of account tables from a backup. */
@Group(AccountBackup.GROUP)
@Version(AccountBackup.VERSION)
@ShortNames("ar")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Backup", jsonPath = ".spec.backupName", type = Type.STRING)
@AdditionalPrinterColumn(name = "Backup ID", jsonPath = ".status.backupId", type = Type.STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = Type.STRING)
@AdditionalPrinterColumn(name = "Instance", jsonPath = ".status.snapshot.identifier", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.snapshot.endpoint", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Dry Run", jsonPath = ".status.dryRun", type = Type.BOOLEAN, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class AccountRestore extends CustomResource<AccountRestoreSpec, AccountRestoreStatus> implements Namespaced {}
