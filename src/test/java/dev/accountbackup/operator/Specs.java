package dev.accountbackup.operator;

import dev.accountbackup.api.AccountBackup;
import dev.accountbackup.api.AccountBackupSpec;
import dev.accountbackup.api.AccountErasure;
import dev.accountbackup.api.AccountErasureSpec;
import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreSpec;
import dev.accountbackup.api.AccountsSpec;
import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.api.FilesystemStorageSpec;
import dev.accountbackup.api.S3StorageSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.db.DatabaseTarget;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builders for the resources the tests create. */
final class Specs {

    private Specs() {}

    static DatabaseSpec database(DatabaseTarget db, String secret) {
        DatabaseSpec spec = new DatabaseSpec();
        spec.setHost(db.host());
        spec.setPort(db.port());
        spec.setName(db.database());
        spec.setCredentialsSecret(secret);
        return spec;
    }

    static StorageSpec filesystem(Path root) {
        StorageSpec storage = new StorageSpec();
        FilesystemStorageSpec fs = new FilesystemStorageSpec();
        fs.setPath(root.toAbsolutePath().toString());
        storage.setFilesystem(fs);
        return storage;
    }

    static StorageSpec s3(String bucket, String prefix, String endpoint, String secret) {
        StorageSpec storage = new StorageSpec();
        S3StorageSpec s3 = new S3StorageSpec();
        s3.setBucket(bucket);
        s3.setPrefix(prefix);
        s3.setEndpoint(endpoint);
        s3.setRegion("us-east-1");
        s3.setForcePathStyle(true);
        s3.setCredentialsSecret(secret);
        storage.setS3(s3);
        return storage;
    }

    static AccountBackup backup(
            String namespace, String name, DatabaseSpec database, List<String> tables, StorageSpec storage) {
        AccountBackup backup = new AccountBackup();
        backup.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        AccountBackupSpec spec = new AccountBackupSpec();
        spec.setDatabase(database);
        spec.setTables(new ArrayList<>(tables));
        spec.setStorage(storage);
        backup.setSpec(spec);
        return backup;
    }

    static AccountRestore restore(String namespace, String name, String backupName) {
        AccountRestore restore = new AccountRestore();
        restore.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        AccountRestoreSpec spec = new AccountRestoreSpec();
        spec.setBackupName(backupName);
        restore.setSpec(spec);
        return restore;
    }

    /** An erasure of accounts of public.users by key, through an AccountBackup's storage. */
    static AccountErasure erasure(String namespace, String name, String backupName, String reference, String... keys) {
        AccountErasure erasure = new AccountErasure();
        erasure.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        AccountErasureSpec spec = new AccountErasureSpec();
        spec.setBackupName(backupName);
        spec.setReference(reference);
        AccountsSpec accounts = new AccountsSpec();
        accounts.setRoot("public.users");
        accounts.setKeys(List.of(keys));
        spec.setAccounts(accounts);
        erasure.setSpec(spec);
        return erasure;
    }
}
