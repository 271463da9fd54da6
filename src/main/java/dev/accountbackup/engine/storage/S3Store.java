package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.storage.S3Errors.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Backups in an S3 bucket (or an S3-compatible server) below a key prefix. Uploads stream with
 * bounded memory (see {@link S3UploadOutput}); an object is visible only once completely written.
 */
public final class S3Store implements BackupStore {

    /** Default upload part size: small enough to keep memory low, large enough for 80 GB in 10,000 parts. */
    public static final int DEFAULT_PART_SIZE = 8 << 20;
    /** S3 refuses smaller parts, except the last one. */
    public static final int MIN_PART_SIZE = 5 << 20;
    /** S3 never returns more keys per list request than this. */
    public static final int DEFAULT_LIST_PAGE_SIZE = 1000;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final S3Settings settings;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final S3Client client;
    private final S3Errors errors;
    private final int partSize;
    private final int listPageSize;
    private final ExecutorService uploads;
    private final S3UnfinishedUploads unfinished;
    /** Set once the bucket answered, so a missing object is not mistaken for a missing bucket. */
    private volatile boolean bucketSeen;

    public S3Store(S3Settings settings) {
        this(settings, DEFAULT_PART_SIZE, DEFAULT_LIST_PAGE_SIZE);
    }

    /**
     * @param partSize     bytes per multipart-upload part (at least {@link #MIN_PART_SIZE}); also the largest
     *                     object sent in one request
     * @param listPageSize keys asked for per list request (1 to 1000)
     */
    public S3Store(S3Settings settings, int partSize, int listPageSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException(
                    "part size " + partSize + " is below the S3 minimum of " + MIN_PART_SIZE);
        }
        if (listPageSize < 1 || listPageSize > DEFAULT_LIST_PAGE_SIZE) {
            throw new IllegalArgumentException("list page size must be between 1 and 1000, not " + listPageSize);
        }
        this.settings = settings;
        this.partSize = partSize;
        this.listPageSize = listPageSize;
        this.region = resolveRegion(settings);
        this.errors = new S3Errors(
                settings.bucket(),
                region.id(),
                settings.kmsKeyId() != null,
                settings.payloadChecksums(),
                settings.objectLock() != null);
        this.credentials = AwsCredentialProviders.of(settings.credentials());
        this.client = buildClient(settings, region, credentials);
        this.unfinished = new S3UnfinishedUploads(client, errors, settings.bucket());
        this.uploads = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "s3-upload-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public S3Settings settings() {
        return settings;
    }

    public Region region() {
        return region;
    }

    /** Without a lock of its own, an object written under an Object Lock policy is locked from now. */
    @Override
    public StoreOutput create(String key) {
        return create(key, null);
    }

    @Override
    public StoreOutput create(String key, ObjectLock lock) {
        checkKey(key);
        ObjectLock objectLock = lock != null
                ? lock
                : objectLockPolicy().map(p -> p.lockFrom(Instant.now())).orElse(null);
        return new S3UploadOutput(
                client,
                uploads,
                errors,
                settings.bucket(),
                objectKey(key),
                uri(key),
                settings.kmsKeyId(),
                settings.payloadChecksums(),
                objectLock,
                partSize);
    }

    @Override
    public Optional<ObjectLockPolicy> objectLockPolicy() {
        return Optional.ofNullable(settings.objectLock());
    }

    @Override
    public InputStream open(String key) throws IOException {
        checkKey(key);
        String uri = uri(key);
        try {
            InputStream in = new S3ObjectInput(
                    client.getObject(r -> r.bucket(settings.bucket()).key(objectKey(key))), uri);
            bucketSeen = true;
            return in;
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(uri);
        } catch (SdkException e) {
            throw errors.translate(e, Operation.READ, uri);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        checkKey(key);
        String uri = uri(key);
        try {
            client.headObject(r -> r.bucket(settings.bucket()).key(objectKey(key)));
            bucketSeen = true;
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw errors.translate(e, Operation.CHECK, uri);
            }
        } catch (SdkException e) {
            throw errors.translate(e, Operation.CHECK, uri);
        }
        // HEAD answers carry no error code: a 404 may also mean that the bucket is missing
        if (!bucketSeen) {
            String root = objectKey("");
            errors.call(
                    Operation.CHECK,
                    uri,
                    () -> client.listObjectsV2(
                            r -> r.bucket(settings.bucket()).prefix(root).maxKeys(1)));
            bucketSeen = true;
        }
        return false;
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        String root = objectKey("");
        String listed = objectKey(prefix);
        String uri = uri(prefix);
        List<StoredObject> result = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = errors.call(
                    Operation.LIST,
                    uri,
                    () -> client.listObjectsV2(r -> r.bucket(settings.bucket())
                            .prefix(listed)
                            .maxKeys(listPageSize)
                            .continuationToken(continuation)));
            for (S3Object o : page.contents()) {
                // zero-byte "folder" markers made by consoles are not objects of the store
                if (!o.key().endsWith("/")) {
                    result.add(new StoredObject(o.key().substring(root.length()), o.size()));
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        bucketSeen = true;
        result.sort(Comparator.comparing(StoredObject::key));
        return result;
    }

    @Override
    public void delete(String key) throws IOException {
        checkKey(key);
        errors.call(
                Operation.DELETE,
                uri(key),
                () -> client.deleteObject(r -> r.bucket(settings.bucket()).key(objectKey(key))));
        bucketSeen = true;
    }

    /** Falls back to the plain listing on S3-compatible servers that keep no versions (501 NotImplemented). */
    @Override
    public List<StoredVersion> versions(String prefix) throws IOException {
        String root = objectKey("");
        String listed = objectKey(prefix);
        String uri = uri(prefix);
        List<StoredVersion> result = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        do {
            String keyAfter = keyMarker;
            String versionAfter = versionMarker;
            ListObjectVersionsResponse page;
            try {
                page = client.listObjectVersions(r -> r.bucket(settings.bucket())
                        .prefix(listed)
                        .maxKeys(listPageSize)
                        .keyMarker(keyAfter)
                        .versionIdMarker(versionAfter));
            } catch (S3Exception e) {
                if (e.statusCode() == 501) {
                    return BackupStore.super.versions(prefix);
                }
                throw errors.translate(e, Operation.LIST_VERSIONS, uri);
            } catch (SdkException e) {
                throw errors.translate(e, Operation.LIST_VERSIONS, uri);
            }
            for (ObjectVersion v : page.versions()) {
                if (!v.key().endsWith("/")) {
                    // an unversioned bucket names each object's only version "null"
                    String id = "null".equals(v.versionId()) ? null : v.versionId();
                    result.add(new StoredVersion(
                            v.key().substring(root.length()), id, !Boolean.FALSE.equals(v.isLatest())));
                }
            }
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            keyMarker = more ? page.nextKeyMarker() : null;
            versionMarker = more ? page.nextVersionIdMarker() : null;
        } while (keyMarker != null);
        bucketSeen = true;
        return result;
    }

    @Override
    public void delete(StoredVersion version) throws IOException {
        if (version.versionId() == null) {
            delete(version.key());
            return;
        }
        checkKey(version.key());
        errors.call(
                Operation.DELETE_VERSION,
                uri(version.key()) + " (version " + version.versionId() + ")",
                () -> client.deleteObject(r -> r.bucket(settings.bucket())
                        .key(objectKey(version.key()))
                        .versionId(version.versionId())));
    }

    /** From HeadObject, which reports the lock only to identities allowed s3:GetObjectRetention and s3:GetObjectLegalHold. */
    @Override
    public Optional<ObjectRetention> retention(StoredVersion version) throws IOException {
        checkKey(version.key());
        String uri = uri(version.key());
        HeadObjectResponse head;
        try {
            head = client.headObject(r ->
                    r.bucket(settings.bucket()).key(objectKey(version.key())).versionId(version.versionId()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw errors.translate(e, Operation.CHECK_LOCK, uri);
        } catch (SdkException e) {
            throw errors.translate(e, Operation.CHECK_LOCK, uri);
        }
        boolean legalHold = head.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON;
        if (head.objectLockRetainUntilDate() == null && !legalHold) {
            return Optional.empty();
        }
        return Optional.of(
                new ObjectRetention(head.objectLockModeAsString(), head.objectLockRetainUntilDate(), legalHold));
    }

    /** Multipart uploads of exports that were killed, or whose abort failed, below {@code prefix}. */
    @Override
    public int discardUnfinished(String prefix) throws IOException {
        return unfinished.abortAll(objectKey(prefix), uri(prefix));
    }

    @Override
    public String uri(String key) {
        return "s3://" + settings.bucket() + "/" + objectKey(key);
    }

    @Override
    public void close() {
        uploads.shutdown();
        client.close();
        // the client leaves a provider it was given open; the default chain may hold a refresh thread
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "S3Store[" + uri("") + ", region " + region + "]";
    }

    /** The full key in the bucket; for "" the prefix itself, ending in '/' unless the prefix is empty. */
    private String objectKey(String key) {
        return settings.prefix().isEmpty() ? key : settings.prefix() + "/" + key;
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("invalid object key '" + key + "'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid object key '" + key + "'");
            }
        }
    }

    private static Region resolveRegion(S3Settings settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw BackupException.invalid("no AWS region configured for bucket '" + settings.bucket() + "': set"
                    + " storage.s3.region (or AWS_REGION for the command line; any region, e.g. us-east-1, for"
                    + " S3-compatible storage)");
        }
    }

    private static S3Client buildClient(S3Settings settings, Region region, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(settings.forcePathStyle());
        if (!settings.payloadChecksums()) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        } else {
            // a bucket in another region than configured still works: the client follows S3's redirect
            builder.crossRegionAccessEnabled(true);
        }
        return builder.build();
    }
}
