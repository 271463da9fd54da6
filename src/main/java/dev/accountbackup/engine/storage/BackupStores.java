package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.BackupException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Opens the store a configuration or a command-line location names. */
public final class BackupStores {

    /** The KMS key every object is written under (SSE-KMS); unset: the bucket's default encryption. */
    public static final String S3_KMS_KEY_ID = "ACCOUNT_BACKUP_S3_KMS_KEY_ID";

    static final String EXPECTED_FORMS = "file:///absolute/dir, /absolute/dir or s3://bucket/optional/prefix";

    private BackupStores() {}

    public static BackupStore filesystem(Path root) {
        if (!root.isAbsolute()) {
            throw BackupException.invalid("storage directory '" + root + "' is relative: give an absolute path");
        }
        return new FilesystemStore(root);
    }

    public static BackupStore s3(S3Settings settings) {
        return new S3Store(settings);
    }

    /**
     * The store at a command-line location: {@code file:///absolute/dir}, a plain absolute path, or
     * {@code s3://bucket/optional/prefix}. For S3, region, endpoint and credentials come from the
     * standard AWS configuration (environment, system properties, profile, web identity, instance role).
     */
    public static BackupStore fromUri(String uri) {
        return fromUri(uri, System.getenv());
    }

    /** As {@link #fromUri(String)}, with every object locked as {@code lock} says ({@code null}: no lock; S3 only). */
    public static BackupStore fromUri(String uri, ObjectLockPolicy lock) {
        return fromUri(uri, lock, System.getenv());
    }

    /** As {@link #fromUri(String, ObjectLockPolicy)}, with the AWS settings of {@code env} instead of the process's. */
    public static BackupStore fromUri(String uri, ObjectLockPolicy lock, Map<String, String> env) {
        if (lock == null) {
            return fromUri(uri, env);
        }
        String location = uri == null ? "" : uri.trim();
        if (!location.toLowerCase(Locale.ROOT).startsWith("s3://")) {
            throw BackupException.invalid("S3 Object Lock needs an s3:// storage location, not " + shown(location)
                    + ": file storage cannot lock files against deletion");
        }
        return s3(s3Settings(location, env).withObjectLock(lock));
    }

    /** As {@link #fromUri(String)}, with the AWS settings of {@code env} instead of the process's. */
    public static BackupStore fromUri(String uri, Map<String, String> env) {
        String location = uri == null ? "" : uri.trim();
        if (location.isEmpty()) {
            throw BackupException.invalid("no storage location given: use " + EXPECTED_FORMS);
        }
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")) {
            return s3(s3Settings(location, env));
        }
        if (lower.startsWith("file:")) {
            return filesystem(filePath(location));
        }
        if (location.startsWith("/")) {
            return filesystem(Path.of(location));
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*")) {
            String scheme = location.substring(0, location.indexOf(':'));
            throw BackupException.invalid(
                    "storage locations of scheme '" + scheme + "' are not supported: use " + EXPECTED_FORMS);
        }
        throw BackupException.invalid("storage location " + shown(location) + " is relative: use " + EXPECTED_FORMS);
    }

    /** S3 settings for an s3:// location, from the AWS configuration the SDK itself does not read. */
    static S3Settings s3Settings(String location, Map<String, String> env) {
        String rest = location.substring("s3://".length());
        if (rest.contains("?") || rest.contains("#")) {
            throw BackupException.invalid(
                    "storage location " + shown(location) + " has a query or fragment: use " + EXPECTED_FORMS);
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.contains("@") || bucket.contains(":")) {
            throw BackupException.invalid("an s3:// storage location must not contain credentials or a port: give"
                    + " credentials the standard AWS way (AWS_ACCESS_KEY_ID, AWS_PROFILE, web identity) and a"
                    + " custom server as AWS_ENDPOINT_URL_S3");
        }
        if (bucket.isEmpty()) {
            throw BackupException.invalid(
                    "storage location " + shown(location) + " names no bucket: use " + EXPECTED_FORMS);
        }
        return new S3Settings(
                bucket,
                prefix,
                region(env),
                endpoint(env),
                forcePathStyle(env),
                credentials(env),
                env.get(S3_KMS_KEY_ID),
                payloadChecksums(env));
    }

    /**
     * The endpoint of the standard AWS settings, read here rather than by the SDK so that an environment given by the
     * caller counts as the process's would; null for AWS itself.
     */
    private static URI endpoint(Map<String, String> env) {
        if (Boolean.parseBoolean(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
            return null;
        }
        String url =
                isSet(env.get("AWS_ENDPOINT_URL_S3")) ? env.get("AWS_ENDPOINT_URL_S3") : env.get("AWS_ENDPOINT_URL");
        if (!isSet(url)) {
            return null;
        }
        try {
            return new URI(url.trim());
        } catch (URISyntaxException e) {
            throw BackupException.invalid("the S3 endpoint of the environment (AWS_ENDPOINT_URL_S3) is not a URL");
        }
    }

    /** The standard AWS key variables, read here for the same reason; null leaves the choice to the SDK's chain. */
    private static AwsCredentials credentials(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (!isSet(id) || !isSet(secret)) {
            return null;
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return new AwsCredentials(id.trim(), secret.trim(), isSet(token) ? token.trim() : null);
    }

    /** The standard AWS setting the SDK reads too; our multipart parts follow it as well. */
    private static boolean payloadChecksums(Map<String, String> env) {
        String setting = isSet(System.getProperty("aws.requestChecksumCalculation"))
                ? System.getProperty("aws.requestChecksumCalculation")
                : env.get("AWS_REQUEST_CHECKSUM_CALCULATION");
        return !(isSet(setting) && setting.trim().equalsIgnoreCase("when_required"));
    }

    /**
     * The SDK reads AWS_REGION (and aws.region, and the profile) itself; only the AWS CLI's
     * AWS_DEFAULT_REGION is added here. {@code null} leaves the choice to the SDK.
     */
    private static String region(Map<String, String> env) {
        if (isSet(env.get("AWS_REGION"))) {
            return env.get("AWS_REGION").trim();
        }
        if (isSet(System.getProperty("aws.region"))) {
            return null;
        }
        String fallback = env.get("AWS_DEFAULT_REGION");
        return isSet(fallback) ? fallback.trim() : null;
    }

    /**
     * The SDK reads the endpoint (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL and their system properties)
     * but not the addressing style: S3-compatible servers mostly need path-style requests.
     */
    private static boolean forcePathStyle(Map<String, String> env) {
        String explicit = env.get("AWS_S3_FORCE_PATH_STYLE");
        if (isSet(explicit)) {
            return Boolean.parseBoolean(explicit.trim());
        }
        if (Boolean.parseBoolean(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
            return false;
        }
        return isSet(env.get("AWS_ENDPOINT_URL_S3"))
                || isSet(env.get("AWS_ENDPOINT_URL"))
                || isSet(System.getProperty("aws.endpointUrlS3"))
                || isSet(System.getProperty("aws.endpointUrl"));
    }

    private static Path filePath(String location) {
        URI parsed;
        try {
            parsed = new URI(location);
        } catch (URISyntaxException e) {
            throw BackupException.invalid("storage location " + shown(location) + " is not a valid file URI ("
                    + e.getReason() + "): percent-encode special characters (a space is %20) or give the plain"
                    + " absolute path");
        }
        if (parsed.isOpaque() || parsed.getPath() == null || !parsed.getPath().startsWith("/")) {
            throw BackupException.invalid(
                    "storage location " + shown(location) + " is not an absolute file URI: use " + EXPECTED_FORMS);
        }
        String host = parsed.getRawAuthority();
        if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
            throw BackupException.invalid("storage location " + shown(location) + " names a host " + shown(host)
                    + ": only local directories are supported, as file:///absolute/dir (three slashes)");
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw BackupException.invalid(
                    "storage location " + shown(location) + " has a query or fragment: use " + EXPECTED_FORMS);
        }
        return Path.of(parsed.getPath());
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** The location as typed, unless it may hold credentials (user:password@host). */
    private static String shown(String location) {
        return location.contains("@") ? "(not shown: it contains '@')" : "'" + location + "'";
    }
}
