package dev.accountbackup.operator.validation;

import dev.accountbackup.api.DatabaseSpec;
import dev.accountbackup.api.EncryptionSpec;
import dev.accountbackup.api.ObjectLockSpec;
import dev.accountbackup.api.S3StorageSpec;
import dev.accountbackup.api.StorageSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.catalog.QualifiedName;
import dev.accountbackup.engine.db.ConnectionFields;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.ObjectLockPolicy;
import dev.accountbackup.engine.storage.StorageKeys;
import dev.accountbackup.operator.jobs.Backoff;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of the parts backups and restores share: database, storage and table names. */
final class SpecChecks {

    private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    /** One folder name of a backup path: what namespaces, resource names and backup ids are made of (no '.' or '..'). */
    private static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private SpecChecks() {}

    static void database(DatabaseSpec db, String field, Problems problems) {
        if (db == null) {
            problems.add(field + " is required");
            return;
        }
        if (blank(db.getHost())) {
            problems.add(field + ".host is required");
        } else {
            ConnectionFields.hostProblem(db.getHost()).ifPresent(p -> problems.add(field + ".host " + p));
        }
        if (blank(db.getName())) {
            problems.add(field + ".name is required");
        } else {
            ConnectionFields.nameProblem(db.getName()).ifPresent(p -> problems.add(field + ".name " + p));
        }
        if (blank(db.getCredentialsSecret())) {
            problems.add(field + ".credentialsSecret is required (a Secret with the keys username and password)");
        } else {
            secretName(db.getCredentialsSecret(), field + ".credentialsSecret", problems);
        }
        if (db.getPort() != null && (db.getPort() < 1 || db.getPort() > 65535)) {
            problems.add(field + ".port " + db.getPort() + " is not a TCP port (1-65535)");
        }
        if (db.getSslMode() != null && !db.getSslMode().isBlank() && !SSL_MODES.contains(db.getSslMode())) {
            problems.add(field + ".sslMode '" + db.getSslMode()
                    + "' is not one of disable, allow, prefer, require, verify-ca, verify-full");
        }
    }

    static void storage(StorageSpec storage, String field, Problems problems) {
        if (storage == null || (storage.getS3() == null) == (storage.getFilesystem() == null)) {
            problems.add(field + " must set exactly one of s3 and filesystem");
            return;
        }
        if (storage.getSigning() != null) {
            if (blank(storage.getSigning().getKeySecret())) {
                problems.add(field
                        + ".signing.keySecret is required (a Secret with the key 'current' and one entry per key id)");
            } else {
                secretName(storage.getSigning().getKeySecret(), field + ".signing.keySecret", problems);
            }
        }
        if (storage.getEncryption() != null) {
            encryption(storage.getEncryption(), field + ".encryption", problems);
        }
        if (storage.getFilesystem() != null) {
            String path = storage.getFilesystem().getPath();
            if (blank(path)) {
                problems.add(field + ".filesystem.path is required");
            } else if (!path.startsWith("/") || !Path.of(path).isAbsolute()) {
                problems.add(field + ".filesystem.path '" + path
                        + "' must be an absolute path, e.g. /var/lib/account-backup");
            }
            return;
        }
        S3StorageSpec s3 = storage.getS3();
        if (blank(s3.getBucket())) {
            problems.add(field + ".s3.bucket is required");
        }
        if (!blank(s3.getCredentialsSecret())) {
            secretName(s3.getCredentialsSecret(), field + ".s3.credentialsSecret", problems);
        }
        if (s3.getObjectLock() != null) {
            objectLock(s3.getObjectLock(), field + ".s3.objectLock", problems);
        }
        if (!blank(s3.getPrefix())) {
            prefix(s3.getPrefix(), field + ".s3.prefix", problems);
        }
        if (!blank(s3.getEndpoint())) {
            httpUrl(s3.getEndpoint(), field + ".s3.endpoint", "https://minio.storage:9000", problems);
        }
    }

    private static void encryption(EncryptionSpec encryption, String field, Problems problems) {
        if (blank(encryption.getKeySecret()) == blank(encryption.getKmsKeyId())) {
            problems.add(field + " must set exactly one of keySecret and kmsKeyId");
            return;
        }
        if (!blank(encryption.getKeySecret())) {
            secretName(encryption.getKeySecret(), field + ".keySecret", problems);
        }
        if (!blank(encryption.getCredentialsSecret())) {
            secretName(encryption.getCredentialsSecret(), field + ".credentialsSecret", problems);
        }
        if (!blank(encryption.getEndpoint())) {
            httpUrl(encryption.getEndpoint(), field + ".endpoint", "https://kms.eu-west-3.amazonaws.com", problems);
        }
    }

    private static void httpUrl(String url, String field, String example, Problems problems) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(field + " '" + url + "' must be an http(s) URL, e.g. " + example);
            }
        } catch (URISyntaxException e) {
            problems.add(field + " '" + url + "' is not a URL");
        }
    }

    /** Parsed exactly as the engine will apply it, so that the spec is refused before any backup runs. */
    static void objectLock(ObjectLockSpec lock, String field, Problems problems) {
        try {
            ObjectLockPolicy.parse(field + ".mode", lock.getMode(), field + ".retainFor", lock.getRetainFor());
        } catch (BackupException e) {
            problems.add(e.getMessage());
        }
    }

    /**
     * A folder of backups below the storage root, e.g. {@code shop/nightly}: relative, plain folder names
     * only (no '.', '..', empty segments, backslashes, control or percent characters); a trailing '/' is allowed.
     */
    static void backupFolder(String path, String field, Problems problems) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        boolean plain =
                !trimmed.isEmpty() && Arrays.stream(trimmed.split("/", -1)).allMatch(SpecChecks::isFolderName);
        if (!plain) {
            problems.add(field + " '" + StorageKeys.printable(path)
                    + "' is not a folder below the storage root: use names of letters, digits,"
                    + " '.', '_' and '-' separated by '/', e.g. <namespace>/<AccountBackup name>, with no '.' or '..' folder"
                    + " and no leading '/'");
        }
    }

    /** A single plain folder name, such as a backup id: never '.', '..', empty or holding a '/'. */
    static boolean isFolderName(String name) {
        return FOLDER_NAME.matcher(name).matches();
    }

    /** An S3 key prefix: folders that cannot climb ('.', '..') or hide (empty, backslash, control characters). */
    private static void prefix(String prefix, String field, Problems problems) {
        String inner = BackupLocation.trimSlashes(prefix);
        if (!StorageKeys.isConfined(inner)) {
            problems.add(field + " '" + StorageKeys.printable(prefix)
                    + "' must be folder names separated by '/', with no empty, '.' or '..'"
                    + " folder, backslash or control character");
        }
    }

    static void tables(List<String> tables, String field, boolean required, Problems problems) {
        if (tables == null || tables.isEmpty()) {
            if (required) {
                problems.add(
                        field
                                + " must list at least one table, e.g. public.users (or set snapshot for an RDS snapshot alone)");
            }
            return;
        }
        for (String table : tables) {
            try {
                QualifiedName.parse(table);
            } catch (BackupException e) {
                problems.add(field + ": " + e.getMessage());
            }
        }
    }

    static void backoffLimit(Integer limit, Problems problems) {
        if (limit != null && (limit < 0 || limit > Backoff.MAX_LIMIT)) {
            problems.add("backoffLimit " + limit + " is not between 0 and " + Backoff.MAX_LIMIT);
        }
    }

    /** Secret names are DNS subdomains; anything else could never name a Secret. */
    static void secretName(String name, String field, Problems problems) {
        if (name.length() > 253 || !SECRET_NAME.matcher(name).matches()) {
            problems.add(
                    field + " '" + name + "' is not a valid Secret name (lower case letters, digits, '-' and '.')");
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
