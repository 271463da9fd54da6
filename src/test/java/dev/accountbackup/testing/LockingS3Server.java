package dev.accountbackup.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.accountbackup.testing.VersionedBucket.Refusal;
import dev.accountbackup.testing.VersionedBucket.Version;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory S3 server on the JDK's HTTP server, bound to the loopback interface, that keeps every
 * object version and enforces Object Lock as AWS does (rules in {@link VersionedBucket}). It answers,
 * path-style, only what the backup store and its tests call, with the XML shapes and error bodies of the
 * S3 API reference: CreateBucket (with {@code x-amz-bucket-object-lock-enabled}), Put/GetObjectLockConfiguration,
 * PutObject, GetObject and HeadObject (with {@code versionId}, answering the lock headers), DeleteObject
 * (a delete marker without {@code versionId}; by id, 403 AccessDenied for a locked version unless the
 * governance bypass applies), ListObjectsV2, ListObjectVersions, Put/GetObjectRetention,
 * Put/GetObjectLegalHold and the multipart upload operations. Like AWS, it refuses a locked upload
 * without Content-MD5 or a checksum. It checks no signature and no permission: what AWS decides from
 * IAM policies is not tested here. Its clock can be moved forward, since a lock cannot be waited out.
 */
final class LockingS3Server implements AutoCloseable {

    private static final String XMLNS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final HttpServer http;
    private final Map<String, VersionedBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Duration clockAhead = Duration.ZERO;

    /** A multipart upload in progress: the lock it was started with, and its parts by number. */
    private record Upload(
            String bucket,
            String key,
            String mode,
            Instant retainUntil,
            boolean legalHold,
            Instant initiated,
            Map<Integer, byte[]> parts) {}

    private record Request(
            String method, String bucket, String key, Map<String, String> query, Headers headers, byte[] body) {

        String header(String name) {
            return headers.getFirst(name);
        }

        boolean has(String parameter) {
            return query.containsKey(parameter);
        }
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {

        static Response xml(String xml) {
            return new Response(
                    200,
                    Map.of("Content-Type", "application/xml"),
                    ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8));
        }

        static Response empty(Map<String, String> headers) {
            return new Response(200, headers, new byte[0]);
        }
    }

    LockingS3Server() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("the S3 stand-in cannot listen", e);
        }
        http.createContext("/", this::exchange);
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    /** Moves this server's clock forward: retention dates pass as if the time had gone by. */
    void advanceClock(Duration by) {
        clockAhead = clockAhead.plus(by);
    }

    private Instant now() {
        return Instant.now().plus(clockAhead);
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void exchange(HttpExchange exchange) throws IOException {
        Response response;
        try {
            response = handle(parse(exchange));
        } catch (Refusal r) {
            response = error(r.status, r.code, r.getMessage());
        } catch (IOException e) {
            response = error(400, "IncompleteBody", "The request body could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            response = error(500, "InternalError", String.valueOf(e));
        }
        response.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = exchange.getRequestMethod().equals("HEAD") ? new byte[0] : response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Request parse(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int slash = path.indexOf('/', 1);
        String bucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        Headers headers = exchange.getRequestHeaders();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String sha = headers.getFirst("x-amz-content-sha256");
        if (sha != null && sha.startsWith("STREAMING-")) {
            body = decodeAwsChunked(body);
        }
        return new Request(exchange.getRequestMethod(), bucket, key, query, headers, body);
    }

    /** The aws-chunked encoding of signed and trailing-checksum uploads: "size[;chunk-signature=...]\r\ndata\r\n"... */
    private static byte[] decodeAwsChunked(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(in);
            int size = Integer.parseInt(line.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                return decoded.toByteArray(); // trailers follow: the checksums, which are not checked here
            }
            byte[] chunk = new byte[size];
            in.readFully(chunk);
            decoded.write(chunk);
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("truncated aws-chunked body");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private Response handle(Request r) {
        if (r.key().isEmpty()) {
            return bucketOperation(r);
        }
        VersionedBucket bucket = bucket(r.bucket());
        return switch (r.method()) {
            case "PUT" ->
                r.has("retention")
                        ? putRetention(bucket, r)
                        : r.has("legal-hold")
                                ? putLegalHold(bucket, r)
                                : r.has("uploadId") ? uploadPart(r) : putObject(bucket, r);
            case "GET" ->
                r.has("retention")
                        ? getRetention(bucket, r)
                        : r.has("legal-hold") ? getLegalHold(bucket, r) : getObject(bucket, r, true);
            case "HEAD" -> getObject(bucket, r, false);
            case "DELETE" -> r.has("uploadId") ? abortUpload(r) : deleteObject(bucket, r);
            case "POST" -> r.has("uploads") ? createUpload(bucket, r) : completeUpload(bucket, r);
            default -> throw new Refusal(405, "MethodNotAllowed", "The specified method is not allowed");
        };
    }

    private Response bucketOperation(Request r) {
        if (r.method().equals("PUT") && !r.has("object-lock")) {
            boolean locked = "true".equalsIgnoreCase(r.header("x-amz-bucket-object-lock-enabled"));
            if (buckets.putIfAbsent(r.bucket(), new VersionedBucket(locked)) != null) {
                throw new Refusal(
                        409,
                        "BucketAlreadyOwnedByYou",
                        "Your previous request to create the named bucket succeeded and you already own it.");
            }
            return Response.empty(Map.of("Location", "/" + r.bucket()));
        }
        VersionedBucket bucket = bucket(r.bucket());
        if (r.has("object-lock")) {
            return r.method().equals("PUT") ? putLockConfiguration(bucket, r) : getLockConfiguration(bucket);
        }
        if (r.method().equals("HEAD")) {
            return Response.empty(Map.of());
        }
        if (r.has("versions")) {
            return listVersions(bucket, r);
        }
        if (r.has("uploads")) {
            return listUploads(r);
        }
        return listObjects(bucket, r);
    }

    private VersionedBucket bucket(String name) {
        VersionedBucket bucket = buckets.get(name);
        if (bucket == null) {
            throw new Refusal(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        return bucket;
    }

    private Response putLockConfiguration(VersionedBucket bucket, Request r) {
        String xml = new String(r.body(), StandardCharsets.UTF_8);
        String mode = tag(xml, "Mode");
        if (mode != null) {
            String days = tag(xml, "Days");
            String years = tag(xml, "Years");
            bucket.defaultRetention(
                    mode,
                    days != null
                            ? Duration.ofDays(Long.parseLong(days))
                            : Duration.ofDays(365 * Long.parseLong(years)));
        }
        return Response.empty(Map.of());
    }

    private static Response getLockConfiguration(VersionedBucket bucket) {
        if (!bucket.objectLockEnabled) {
            throw new Refusal(
                    404,
                    "ObjectLockConfigurationNotFoundError",
                    "Object Lock configuration does not exist for this bucket");
        }
        String rule = bucket.defaultMode()
                .map(mode -> "<Rule><DefaultRetention><Mode>" + mode + "</Mode><Days>"
                        + bucket.defaultRetention().orElseThrow().toDays() + "</Days></DefaultRetention></Rule>")
                .orElse("");
        return Response.xml("<ObjectLockConfiguration" + XMLNS + "><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
                + rule + "</ObjectLockConfiguration>");
    }

    private Response putObject(VersionedBucket bucket, Request r) {
        String mode = r.header("x-amz-object-lock-mode");
        String until = r.header("x-amz-object-lock-retain-until-date");
        boolean legalHold = "ON".equals(r.header("x-amz-object-lock-legal-hold"));
        requireIntegrityCheckIfLocked(r, mode != null || legalHold);
        Version v = bucket.put(r.key(), r.body(), mode, until == null ? null : Instant.parse(until), legalHold, now());
        return Response.empty(Map.of("ETag", etag(v.data), "x-amz-version-id", v.id));
    }

    /** AWS answers a locked upload without Content-MD5 or an x-amz-checksum-* with this error. */
    private static void requireIntegrityCheckIfLocked(Request r, boolean locked) {
        boolean checked = r.header("Content-MD5") != null
                || r.header("x-amz-trailer") != null
                || r.headers().keySet().stream().anyMatch(h -> h.toLowerCase().startsWith("x-amz-checksum-"))
                || r.header("x-amz-sdk-checksum-algorithm") != null;
        if (locked && !checked) {
            throw new Refusal(
                    400,
                    "InvalidRequest",
                    "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters");
        }
    }

    private static Response getObject(VersionedBucket bucket, Request r, boolean withBody) {
        String versionId = r.query().get("versionId");
        Version v = bucket.get(r.key(), versionId)
                .orElseThrow(() -> versionId == null
                        ? new Refusal(404, "NoSuchKey", "The specified key does not exist.")
                        : new Refusal(404, "NoSuchVersion", "The specified version does not exist."));
        if (v.deleteMarker()) {
            throw new Refusal(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/octet-stream");
        headers.put("ETag", etag(v.data));
        headers.put("Last-Modified", HTTP_DATE.format(v.lastModified));
        headers.put("x-amz-version-id", v.id);
        synchronized (bucket) {
            if (v.retainUntil != null) {
                headers.put("x-amz-object-lock-mode", v.mode);
                headers.put("x-amz-object-lock-retain-until-date", v.retainUntil.toString());
            }
            if (v.legalHold) {
                headers.put("x-amz-object-lock-legal-hold", "ON");
            }
        }
        return new Response(200, headers, withBody ? v.data : new byte[0]);
    }

    private Response deleteObject(VersionedBucket bucket, Request r) {
        boolean bypass = "true".equalsIgnoreCase(r.header("x-amz-bypass-governance-retention"));
        return bucket.delete(r.key(), r.query().get("versionId"), bypass, now())
                .map(v -> v.deleteMarker()
                        ? new Response(
                                204, Map.of("x-amz-delete-marker", "true", "x-amz-version-id", v.id), new byte[0])
                        : new Response(204, Map.of("x-amz-version-id", v.id), new byte[0]))
                .orElse(new Response(204, Map.of(), new byte[0]));
    }

    private Response putRetention(VersionedBucket bucket, Request r) {
        String xml = new String(r.body(), StandardCharsets.UTF_8);
        Version v = existing(bucket, r);
        boolean bypass = "true".equalsIgnoreCase(r.header("x-amz-bypass-governance-retention"));
        bucket.retain(v, tag(xml, "Mode"), Instant.parse(tag(xml, "RetainUntilDate")), bypass, now());
        return Response.empty(Map.of());
    }

    private static Response getRetention(VersionedBucket bucket, Request r) {
        Version v = existing(bucket, r);
        synchronized (bucket) {
            if (v.retainUntil == null) {
                throw new Refusal(
                        404,
                        "NoSuchObjectLockConfiguration",
                        "The specified object does not have a ObjectLock configuration");
            }
            return Response.xml("<Retention" + XMLNS + "><Mode>" + v.mode + "</Mode><RetainUntilDate>" + v.retainUntil
                    + "</RetainUntilDate></Retention>");
        }
    }

    private static Response putLegalHold(VersionedBucket bucket, Request r) {
        String status = tag(new String(r.body(), StandardCharsets.UTF_8), "Status");
        bucket.legalHold(existing(bucket, r), "ON".equals(status));
        return Response.empty(Map.of());
    }

    private static Response getLegalHold(VersionedBucket bucket, Request r) {
        Version v = existing(bucket, r);
        synchronized (bucket) {
            return Response.xml(
                    "<LegalHold" + XMLNS + "><Status>" + (v.legalHold ? "ON" : "OFF") + "</Status></LegalHold>");
        }
    }

    private static Version existing(VersionedBucket bucket, Request r) {
        return bucket.get(r.key(), r.query().get("versionId"))
                .filter(v -> !v.deleteMarker())
                .orElseThrow(() -> new Refusal(404, "NoSuchKey", "The specified key does not exist."));
    }

    private Response createUpload(VersionedBucket bucket, Request r) {
        String mode = r.header("x-amz-object-lock-mode");
        String until = r.header("x-amz-object-lock-retain-until-date");
        boolean legalHold = "ON".equals(r.header("x-amz-object-lock-legal-hold"));
        if ((mode != null || legalHold) && !bucket.objectLockEnabled) {
            throw new Refusal(400, "InvalidRequest", "Bucket is missing Object Lock Configuration");
        }
        String id = "upload-" + ids.incrementAndGet();
        uploads.put(
                id,
                new Upload(
                        r.bucket(),
                        r.key(),
                        mode,
                        until == null ? null : Instant.parse(until),
                        legalHold,
                        now(),
                        new TreeMap<>()));
        return Response.xml(
                "<InitiateMultipartUploadResult" + XMLNS + "><Bucket>" + escape(r.bucket()) + "</Bucket><Key>"
                        + escape(r.key()) + "</Key><UploadId>" + id + "</UploadId></InitiateMultipartUploadResult>");
    }

    private Response uploadPart(Request r) {
        Upload upload = upload(r);
        requireIntegrityCheckIfLocked(r, upload.mode() != null || upload.legalHold());
        synchronized (upload) {
            upload.parts().put(Integer.parseInt(r.query().get("partNumber")), r.body());
        }
        return Response.empty(Map.of("ETag", etag(r.body())));
    }

    private Response completeUpload(VersionedBucket bucket, Request r) {
        Upload upload = upload(r);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Integer> listed = new ArrayList<>();
        Matcher m = Pattern.compile("<PartNumber>(\\d+)</PartNumber>")
                .matcher(new String(r.body(), StandardCharsets.UTF_8));
        while (m.find()) {
            listed.add(Integer.parseInt(m.group(1)));
        }
        synchronized (upload) {
            for (int part : listed) {
                byte[] bytes = upload.parts().get(part);
                if (bytes == null) {
                    throw new Refusal(400, "InvalidPart", "One or more of the specified parts could not be found.");
                }
                data.writeBytes(bytes);
            }
        }
        uploads.remove(r.query().get("uploadId"));
        Version v = bucket.put(
                upload.key(), data.toByteArray(), upload.mode(), upload.retainUntil(), upload.legalHold(), now());
        return new Response(
                200,
                Map.of("Content-Type", "application/xml", "x-amz-version-id", v.id),
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult" + XMLNS + "><Bucket>"
                                + escape(r.bucket()) + "</Bucket><Key>" + escape(r.key()) + "</Key><ETag>"
                                + escape(etag(v.data)) + "</ETag></CompleteMultipartUploadResult>")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private Response abortUpload(Request r) {
        upload(r);
        uploads.remove(r.query().get("uploadId"));
        return new Response(204, Map.of(), new byte[0]);
    }

    private Upload upload(Request r) {
        Upload upload = uploads.get(r.query().getOrDefault("uploadId", ""));
        if (upload == null
                || !upload.bucket().equals(r.bucket())
                || !upload.key().equals(r.key())) {
            throw new Refusal(404, "NoSuchUpload", "The specified multipart upload does not exist.");
        }
        return upload;
    }

    private Response listUploads(Request r) {
        String prefix = r.query().getOrDefault("prefix", "");
        StringBuilder xml = new StringBuilder("<ListMultipartUploadsResult" + XMLNS + "><Bucket>")
                .append(escape(r.bucket()))
                .append("</Bucket><Prefix>")
                .append(escape(prefix))
                .append("</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>");
        uploads.entrySet().stream()
                .filter(e -> e.getValue().bucket().equals(r.bucket())
                        && e.getValue().key().startsWith(prefix))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> xml.append("<Upload><Key>")
                        .append(escape(e.getValue().key()))
                        .append("</Key><UploadId>")
                        .append(e.getKey())
                        .append("</UploadId><Initiated>")
                        .append(e.getValue().initiated())
                        .append("</Initiated></Upload>"));
        return Response.xml(xml.append("</ListMultipartUploadsResult>").toString());
    }

    /** ListObjectsV2; the continuation token is the last key of the page before. */
    private static Response listObjects(VersionedBucket bucket, Request r) {
        String prefix = r.query().getOrDefault("prefix", "");
        int max = Integer.parseInt(r.query().getOrDefault("max-keys", "1000"));
        String after = r.query().getOrDefault("continuation-token", r.query().getOrDefault("start-after", ""));
        List<Version> matching = bucket.current(prefix).stream()
                .filter(v -> v.key.compareTo(after) > 0)
                .toList();
        List<Version> page = matching.subList(0, Math.min(max, matching.size()));
        boolean truncated = page.size() < matching.size();
        StringBuilder xml = new StringBuilder("<ListBucketResult" + XMLNS + "><Name>")
                .append(escape(r.bucket()))
                .append("</Name><Prefix>")
                .append(escape(prefix))
                .append("</Prefix><KeyCount>")
                .append(page.size())
                .append("</KeyCount><MaxKeys>")
                .append(max)
                .append("</MaxKeys><IsTruncated>")
                .append(truncated)
                .append("</IsTruncated>");
        if (truncated) {
            xml.append("<NextContinuationToken>")
                    .append(escape(page.get(page.size() - 1).key))
                    .append("</NextContinuationToken>");
        }
        for (Version v : page) {
            xml.append("<Contents><Key>")
                    .append(escape(v.key))
                    .append("</Key><LastModified>")
                    .append(v.lastModified)
                    .append("</LastModified><ETag>")
                    .append(escape(etag(v.data)))
                    .append("</ETag><Size>")
                    .append(v.data.length)
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        return Response.xml(xml.append("</ListBucketResult>").toString());
    }

    /** ListObjectVersions, paged by key and version id markers: versions and delete markers, newest first per key. */
    private static Response listVersions(VersionedBucket bucket, Request r) {
        String prefix = r.query().getOrDefault("prefix", "");
        int max = Integer.parseInt(r.query().getOrDefault("max-keys", "1000"));
        String keyMarker = r.query().get("key-marker");
        String versionMarker = r.query().get("version-id-marker");
        List<Version> all = bucket.all(prefix);
        int start = 0;
        if (keyMarker != null && !keyMarker.isEmpty()) {
            while (start < all.size() && all.get(start).key.compareTo(keyMarker) < 0) {
                start++;
            }
            if (versionMarker == null || versionMarker.isEmpty()) {
                while (start < all.size() && all.get(start).key.equals(keyMarker)) {
                    start++;
                }
            } else {
                while (start < all.size() && all.get(start).key.equals(keyMarker)) {
                    if (all.get(start++).id.equals(versionMarker)) {
                        break;
                    }
                }
            }
        }
        List<Version> page = all.subList(start, Math.min(all.size(), start + max));
        boolean truncated = start + page.size() < all.size();
        StringBuilder xml = new StringBuilder("<ListVersionsResult" + XMLNS + "><Name>")
                .append(escape(r.bucket()))
                .append("</Name><Prefix>")
                .append(escape(prefix))
                .append("</Prefix><MaxKeys>")
                .append(max)
                .append("</MaxKeys><IsTruncated>")
                .append(truncated)
                .append("</IsTruncated>");
        if (truncated) {
            Version last = page.get(page.size() - 1);
            xml.append("<NextKeyMarker>")
                    .append(escape(last.key))
                    .append("</NextKeyMarker><NextVersionIdMarker>")
                    .append(last.id)
                    .append("</NextVersionIdMarker>");
        }
        for (Version v : page) {
            String element = v.deleteMarker() ? "DeleteMarker" : "Version";
            xml.append('<')
                    .append(element)
                    .append("><Key>")
                    .append(escape(v.key))
                    .append("</Key><VersionId>");
            xml.append(v.id)
                    .append("</VersionId><IsLatest>")
                    .append(bucket.isLatest(v))
                    .append("</IsLatest>");
            xml.append("<LastModified>").append(v.lastModified).append("</LastModified>");
            if (!v.deleteMarker()) {
                xml.append("<ETag>")
                        .append(escape(etag(v.data)))
                        .append("</ETag><Size>")
                        .append(v.data.length);
                xml.append("</Size><StorageClass>STANDARD</StorageClass>");
            }
            xml.append("</").append(element).append('>');
        }
        return Response.xml(xml.append("</ListVersionsResult>").toString());
    }

    /** The body of every S3 REST error (S3 API reference, "Error responses"). */
    private static Response error(int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + escape(message)
                + "</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>stand-in</HostId></Error>";
        return new Response(status, Map.of("Content-Type", "application/xml"), xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1).trim() : null;
    }

    private static String etag(byte[] data) {
        try {
            return "\""
                    + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
