package dev.accountbackup.operator.status;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupStatus;
import dev.accountbackup.api.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

/** Writing a changed status (status subresource only, read back from the cache) is covered by the operator tests. */
class StatusWriterTest {

    @Test
    void anUnchangedStatusIsNotWrittenSoASettledResourceStaysQuiet() {
        StatusWriter<AccountBackupStatus, AccountBackup> writer = new StatusWriter<>();
        AccountBackup resource = resource(status(Phase.Running));
        // no context: nothing may be sent when the status is the same
        assertFalse(writer.patchIfChanged(resource, null, status(Phase.Running)));
    }

    private static AccountBackup resource(AccountBackupStatus status) {
        AccountBackup r = new AccountBackup();
        r.setMetadata(new ObjectMetaBuilder()
                .withName("nightly")
                .withNamespace("shop")
                .withUid("uid-1")
                .withResourceVersion("7")
                .build());
        r.setStatus(status);
        return r;
    }

    private static AccountBackupStatus status(Phase phase) {
        AccountBackupStatus s = new AccountBackupStatus();
        s.setPhase(phase);
        return s;
    }
}
