package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.manifest.ObjectLock;
import dev.accountbackup.engine.storage.S3Errors.Operation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Streams one object to S3 with bounded memory. An object that fits in one part is sent with a
 * single PutObject on close; a larger one becomes a multipart upload whose parts are sent in the
 * background while the next part fills, so at most two part buffers exist at any time. The object
 * appears only when close() completes the upload; abort() and every failure discard the upload.
 */
final class S3UploadOutput extends StoreOutput {

    private static final Logger LOG = LoggerFactory.getLogger(S3UploadOutput.class);

    /** S3 refuses more parts than this in one upload. */
    static final int MAX_PARTS = 10_000;
    /** Part size doubles every this many parts, so a huge object never runs out of parts. */
    private static final int PARTS_PER_SIZE_STEP = 2_000;
    /** Largest part buffer; with the doubling above an object can reach about 2.5 TB. */
    private static final int MAX_PART_SIZE = 512 << 20;
    /** First allocation: small objects such as manifests never take a whole part buffer. */
    private static final int INITIAL_BUFFER = 64 << 10;

    private final S3Client client;
    private final ExecutorService uploads;
    private final S3Errors errors;
    private final String bucket;
    private final String objectKey;
    private final String uri;
    private final String kmsKeyId;
    /** Object Lock retention of the object, or null for none. */
    private final ObjectLock lock;
    /** CRC32 on every part, or null for none beyond what S3 requires. */
    private final ChecksumAlgorithm checksum;

    private final int basePartSize;

    private byte[] buffer;
    private int count;
    /** Buffer of the part being uploaded in the background, and a free buffer to reuse once it is done. */
    private byte[] inFlightBuffer;

    private byte[] spare;
    private Future<CompletedPart> inFlight;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private boolean finished;

    /**
     * @param checksums a CRC32 checksum with every part (false: only what the operation requires)
     * @param lock      Object Lock retention for the object, or null
     */
    S3UploadOutput(
            S3Client client,
            ExecutorService uploads,
            S3Errors errors,
            String bucket,
            String objectKey,
            String uri,
            String kmsKeyId,
            boolean checksums,
            ObjectLock lock,
            int basePartSize) {
        this.client = client;
        this.uploads = uploads;
        this.errors = errors;
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.uri = uri;
        this.kmsKeyId = kmsKeyId;
        this.lock = lock;
        this.checksum = checksums ? ChecksumAlgorithm.CRC32 : null;
        this.basePartSize = basePartSize;
        this.buffer = new byte[Math.min(INITIAL_BUFFER, basePartSize)];
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == buffer.length) {
            makeRoom();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (count == buffer.length) {
                makeRoom();
            }
            int n = Math.min(len, buffer.length - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        try {
            if (uploadId == null) {
                putWholeObject();
            } else {
                awaitInFlight();
                if (count > 0) {
                    parts.add(uploadPart(parts.size() + 1, buffer, count));
                }
                completeUpload();
            }
            finished = true;
            releaseBuffers();
        } catch (IOException | RuntimeException | Error e) { // an OutOfMemoryError too must not leave the upload open
            abort();
            throw e;
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        // clean-up must run even when the writer was interrupted: the SDK refuses calls on an interrupted thread
        boolean interrupted = Thread.interrupted();
        try {
            // a part still being sent could land after the abort and keep storage in use: let it finish first
            while (inFlight != null) {
                try {
                    inFlight.get();
                    inFlight = null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    inFlight = null;
                }
            }
            if (uploadId != null) {
                discardUpload();
            }
        } finally {
            releaseBuffers();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void discardUpload() {
        String id = uploadId;
        try {
            client.abortMultipartUpload(r -> r.bucket(bucket).key(objectKey).uploadId(id));
        } catch (NoSuchUploadException e) {
            // already gone: nothing left to discard
        } catch (SdkException e) {
            LOG.warn(
                    "Could not discard the unfinished upload of {} ({}); a bucket lifecycle rule that aborts"
                            + " incomplete multipart uploads removes it",
                    uri,
                    errors.translate(e, Operation.ABORT, uri).getMessage());
        }
    }

    /** The buffer is full and more bytes are coming: grow the first buffer, or send it as a part. */
    private void makeRoom() throws IOException {
        if (uploadId == null && buffer.length < basePartSize) {
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, basePartSize));
            return;
        }
        try {
            if (uploadId == null) {
                startUpload();
            }
            awaitInFlight();
            int partNumber = parts.size() + 1;
            if (partNumber >= MAX_PARTS) {
                throw new IOException("object " + uri + " is too large for S3 (more than " + MAX_PARTS + " parts)");
            }
            byte[] data = buffer;
            int length = count;
            inFlightBuffer = data;
            inFlight = uploads.submit(() -> uploadPart(partNumber, data, length));
            int nextSize = partSize(partNumber + 1);
            buffer = spare != null && spare.length == nextSize ? spare : new byte[nextSize];
            spare = null;
            count = 0;
        } catch (IOException | RuntimeException | Error e) { // an OutOfMemoryError too must not leave the upload open
            abort();
            throw e;
        }
    }

    private int partSize(int partNumber) {
        int doublings = Math.min((partNumber - 1) / PARTS_PER_SIZE_STEP, 16);
        return (int) Math.min((long) basePartSize << doublings, Math.max(MAX_PART_SIZE, basePartSize));
    }

    private void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            // stop even when the part has already finished (get() would not notice): a cancelled export must not go on
            throw new InterruptedIOException("interrupted while writing " + uri);
        }
        CompletedPart part;
        try {
            part = inFlight.get();
        } catch (InterruptedException e) {
            // the part is still in flight: abort() waits for it
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing " + uri);
        } catch (ExecutionException e) {
            inFlight = null;
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("writing " + uri + " failed: " + cause, cause);
        }
        inFlight = null;
        parts.add(part);
        spare = inFlightBuffer;
        inFlightBuffer = null;
    }

    private void startUpload() throws IOException {
        CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
                .bucket(bucket)
                .key(objectKey)
                .contentType(contentType())
                .checksumAlgorithm(checksum);
        if (kmsKeyId != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        if (lock != null) {
            request.objectLockMode(lockMode()).objectLockRetainUntilDate(lock.retainUntil());
        }
        uploadId = errors.call(Operation.WRITE, uri, () -> client.createMultipartUpload(request.build()))
                .uploadId();
    }

    private CompletedPart uploadPart(int partNumber, byte[] data, int length) throws IOException {
        String id = uploadId;
        String md5 = lockNeedsMd5() ? md5(data, length) : null;
        UploadPartResponse response = errors.call(
                Operation.WRITE,
                uri,
                () -> client.uploadPart(
                        r -> r.bucket(bucket)
                                .key(objectKey)
                                .uploadId(id)
                                .partNumber(partNumber)
                                .contentLength((long) length)
                                .checksumAlgorithm(checksum)
                                .contentMD5(md5),
                        body(data, length)));
        return CompletedPart.builder()
                .partNumber(partNumber)
                .eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32())
                .build();
    }

    private void completeUpload() throws IOException {
        String id = uploadId;
        errors.call(
                Operation.WRITE,
                uri,
                () -> client.completeMultipartUpload(
                        r -> r.bucket(bucket).key(objectKey).uploadId(id).multipartUpload(u -> u.parts(parts))));
    }

    private void putWholeObject() throws IOException {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(objectKey)
                .contentType(contentType())
                .contentLength((long) count)
                .checksumAlgorithm(checksum);
        if (kmsKeyId != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        byte[] data = buffer;
        int length = count;
        if (lock != null) {
            request.objectLockMode(lockMode()).objectLockRetainUntilDate(lock.retainUntil());
            if (lockNeedsMd5()) {
                request.contentMD5(md5(data, length));
            }
        }
        errors.call(Operation.WRITE, uri, () -> client.putObject(request.build(), body(data, length)));
    }

    private ObjectLockMode lockMode() {
        return ObjectLockMode.fromValue(lock.mode().name());
    }

    /**
     * S3 accepts a locked upload only with a content checksum; without the CRC32 payload checksums
     * (turned off for services that reject them) the classic Content-MD5, which every S3 service knows, is sent.
     */
    private boolean lockNeedsMd5() {
        return lock != null && checksum == null;
    }

    private static String md5(byte[] data, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            digest.update(data, 0, length);
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    /** A body over the buffer without copying it; every retry reads it again from the start. */
    private static RequestBody body(byte[] data, int length) {
        return RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(data, 0, length), length, "application/octet-stream");
    }

    private String contentType() {
        return objectKey.endsWith(".json") ? "application/json" : "application/octet-stream";
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("the upload of " + uri + " is already closed or discarded");
        }
    }

    private void releaseBuffers() {
        buffer = null;
        spare = null;
        inFlightBuffer = null;
    }
}
