package dev.accountbackup.operator.validation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.api.EncryptionSpec;
import dev.accountbackup.api.FilesystemStorageSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.BackupException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** storage.encryption is checked with the rest of the spec: one key source, valid names and URLs. */
class EncryptionSpecValidationTest {

    private static AccountBackupSpec spec(EncryptionSpec encryption) {
        DatabaseSpec db = new DatabaseSpec();
        db.setHost("db.shop");
        db.setName("shop");
        db.setCredentialsSecret("shop-db");
        FilesystemStorageSpec fs = new FilesystemStorageSpec();
        fs.setPath("/var/lib/account-backup");
        StorageSpec storage = new StorageSpec();
        storage.setFilesystem(fs);
        storage.setEncryption(encryption);
        AccountBackupSpec spec = new AccountBackupSpec();
        spec.setDatabase(db);
        spec.setTables(List.of("public.users"));
        spec.setStorage(storage);
        return spec;
    }

    private static String problems(EncryptionSpec encryption) {
        return assertThrows(BackupException.class, () -> new BackupSpecValidator().validate(spec(encryption)))
                .getMessage();
    }

    @Test
    void exactlyOneKeySourceWithValidNames() {
        EncryptionSpec secret = new EncryptionSpec();
        secret.setKeySecret("backup-keys");
        assertDoesNotThrow(() -> new BackupSpecValidator().validate(spec(secret)));
        EncryptionSpec kms = new EncryptionSpec();
        kms.setKmsKeyId("arn:aws:kms:eu-west-3:111122223333:key/abc");
        kms.setEndpoint("https://kms.eu-west-3.amazonaws.com");
        assertDoesNotThrow(() -> new BackupSpecValidator().validate(spec(kms)));

        EncryptionSpec both = new EncryptionSpec();
        both.setKeySecret("backup-keys");
        both.setKmsKeyId("arn:aws:kms:eu-west-3:111122223333:key/abc");
        assertTrue(problems(both).contains("storage.encryption must set exactly one of keySecret and kmsKeyId"));
        assertTrue(problems(new EncryptionSpec()).contains("exactly one of keySecret and kmsKeyId"));

        EncryptionSpec badNames = new EncryptionSpec();
        badNames.setKmsKeyId("arn:aws:kms:eu-west-3:111122223333:key/abc");
        badNames.setCredentialsSecret("Not_A_Secret");
        badNames.setEndpoint("file:///etc/passwd");
        String message = problems(badNames);
        assertTrue(message.contains("storage.encryption.credentialsSecret 'Not_A_Secret'"), message);
        assertTrue(
                message.contains("storage.encryption.endpoint 'file:///etc/passwd' must be an http(s) URL"), message);
    }
}
