package dev.accountbackup.operator.validation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.api.FilesystemStorageSpec;
import dev.accountbackup.api.S3StorageSpec;
import dev.accountbackup.api.SnapshotSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.BackupException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** snapshot.erasureLedger: the ledger of a backup that keeps only snapshots, checked as storage is, never beside it. */
class ErasureLedgerSpecValidationTest {

    private static AccountBackupSpec snapshotOnly(StorageSpec ledger) {
        SnapshotSpec snapshot = new SnapshotSpec();
        snapshot.setDbInstanceIdentifier("shop-prod");
        snapshot.setRegion("eu-west-3");
        snapshot.setErasureLedger(ledger);
        AccountBackupSpec spec = new AccountBackupSpec();
        spec.setSnapshot(snapshot);
        return spec;
    }

    private static StorageSpec filesystem(String path) {
        FilesystemStorageSpec fs = new FilesystemStorageSpec();
        fs.setPath(path);
        StorageSpec storage = new StorageSpec();
        storage.setFilesystem(fs);
        return storage;
    }

    private static String problems(AccountBackupSpec spec) {
        return assertThrows(BackupException.class, () -> new BackupSpecValidator().validate(spec))
                .getMessage();
    }

    @Test
    void theLedgerOfASnapshotOnlyBackupIsItsErasureLedgerOrItsStorage() {
        StorageSpec ledger = filesystem("/var/lib/account-backup");
        AccountBackupSpec spec = snapshotOnly(ledger);
        assertDoesNotThrow(() -> new BackupSpecValidator().validate(spec));
        assertSame(ledger, BackupSpecValidator.erasureLedger("snaps", spec));

        assertNull(BackupSpecValidator.erasureLedger("snaps", snapshotOnly(null)), "no ledger named");

        AccountBackupSpec withStorage = snapshotOnly(null);
        withStorage.setStorage(ledger);
        assertSame(ledger, BackupSpecValidator.erasureLedger("snaps", withStorage), "beside the backups' storage");
    }

    @Test
    void aMalformedLedgerOrOneBesideStorageIsRefusedNamingTheField() {
        S3StorageSpec s3 = new S3StorageSpec();
        s3.setBucket("acme-backups");
        s3.setPrefix("../other-namespace");
        StorageSpec climbing = new StorageSpec();
        climbing.setS3(s3);
        AccountBackupSpec spec = snapshotOnly(climbing);
        assertTrue(
                problems(spec).contains("snapshot.erasureLedger.s3.prefix '../other-namespace' must be folder names"),
                problems(spec));
        String restoring = assertThrows(BackupException.class, () -> BackupSpecValidator.erasureLedger("snaps", spec))
                .getMessage();
        assertTrue(restoring.startsWith("AccountBackup 'snaps' has an invalid spec"), restoring);
        assertTrue(restoring.contains("snapshot.erasureLedger.s3.prefix"), restoring);

        assertTrue(problems(snapshotOnly(new StorageSpec()))
                .contains("snapshot.erasureLedger must set exactly one of s3 and filesystem"));
        assertTrue(
                problems(snapshotOnly(filesystem("relative/dir"))).contains("snapshot.erasureLedger.filesystem.path"));

        AccountBackupSpec both = snapshotOnly(filesystem("/var/lib/account-backup"));
        DatabaseSpec db = new DatabaseSpec();
        db.setHost("db.shop");
        db.setName("shop");
        db.setCredentialsSecret("shop-db");
        both.setDatabase(db);
        both.setTables(List.of("public.users"));
        both.setStorage(filesystem("/var/lib/account-backup"));
        assertTrue(
                problems(both)
                        .contains("snapshot.erasureLedger is for backups that keep only RDS snapshots: this one's"
                                + " erasure ledger is kept beside its backups in storage"),
                problems(both));
    }
}
