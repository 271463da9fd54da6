package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.storage.S3Errors.Operation;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * The multipart uploads a killed export left open below a key prefix. S3 keeps (and bills) their
 * parts until they are aborted, yet never lists them as objects: they are found with
 * ListMultipartUploads and aborted one by one.
 */
final class S3UnfinishedUploads {

    private static final Logger LOG = LoggerFactory.getLogger(S3UnfinishedUploads.class);

    private final S3Client client;
    private final S3Errors errors;
    private final String bucket;

    S3UnfinishedUploads(S3Client client, S3Errors errors, String bucket) {
        this.client = client;
        this.errors = errors;
        this.bucket = bucket;
    }

    /**
     * Aborts every unfinished upload whose key starts with {@code keyPrefix}. Without the permission
     * to list them this only warns: the bucket's lifecycle rule is then what removes them, and the
     * deletion that asked must not fail for it.
     *
     * @param uri where the prefix lives, for messages
     * @return how many were aborted
     */
    int abortAll(String keyPrefix, String uri) throws IOException {
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        do {
            String key = keyMarker;
            String upload = uploadIdMarker;
            ListMultipartUploadsResponse page;
            try {
                page = errors.call(
                        Operation.LIST_UPLOADS,
                        uri,
                        () -> client.listMultipartUploads(r -> r.bucket(bucket)
                                .prefix(keyPrefix)
                                .keyMarker(key)
                                .uploadIdMarker(upload)));
            } catch (StorageAccessDeniedException e) {
                LOG.warn("Unfinished uploads in {} are left to the bucket's lifecycle rule: {}", uri, e.getMessage());
                return aborted;
            }
            for (MultipartUpload u : page.uploads()) {
                abort(u.key(), u.uploadId(), uri);
                aborted++;
            }
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            keyMarker = more ? page.nextKeyMarker() : null;
            uploadIdMarker = more ? page.nextUploadIdMarker() : null;
        } while (keyMarker != null);
        return aborted;
    }

    private void abort(String key, String uploadId, String uri) throws IOException {
        try {
            client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // finished or aborted in the meantime: nothing left to discard
        } catch (SdkException e) {
            throw errors.translate(e, Operation.ABORT, uri);
        }
    }
}
