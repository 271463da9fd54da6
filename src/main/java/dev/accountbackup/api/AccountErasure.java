package dev.accountbackup.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An erasure request (GDPR art. 17): records the accounts in the namespace's erasure ledger, so that no restore brings
 * them back, and optionally rewrites the namespace's stored backups without them.
 */
@Group(AccountBackup.GROUP)
@Version(AccountBackup.VERSION)
@ShortNames("ae")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Reference", jsonPath = ".spec.reference", type = Type.STRING)
@AdditionalPrinterColumn(name = "Entry", jsonPath = ".status.entryId", type = Type.STRING)
@AdditionalPrinterColumn(name = "Recorded", jsonPath = ".status.recordedAt", type = Type.DATE)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class AccountErasure extends CustomResource<AccountErasureSpec, AccountErasureStatus> implements Namespaced {}
