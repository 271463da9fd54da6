package dev.accountbackup.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.testing.TestS3;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupStoresTest {

    private static final Map<String, String> REGION_ONLY = Map.of("AWS_DEFAULT_REGION", "eu-west-1");

    @Test
    void fileLocations() {
        assertEquals(Path.of("/var/backups/accounts"), fileRoot("file:///var/backups/accounts"));
        assertEquals(Path.of("/var/backups/accounts"), fileRoot("file:/var/backups/accounts/"));
        assertEquals(Path.of("/var/backups/accounts"), fileRoot("file://localhost/var/backups/accounts"));
        assertEquals(Path.of("/var/my backups"), fileRoot("file:///var/my%20backups"));
        assertEquals(Path.of("/var/backups"), fileRoot("/var/backups"));
        assertEquals(Path.of("/var/my backups"), fileRoot("  /var/my backups "));
    }

    @Test
    void s3Locations() {
        S3Settings root = s3Settings("s3://my-bucket", REGION_ONLY);
        assertEquals("my-bucket", root.bucket());
        assertEquals("", root.prefix());
        assertEquals("eu-west-1", root.region());
        assertNull(root.endpoint(), "the SDK reads AWS_ENDPOINT_URL_S3 itself");
        assertNull(root.credentials(), "the SDK's default credential chain");
        assertFalse(root.forcePathStyle());

        S3Settings nested = s3Settings("S3://my-bucket/team/accounts/", REGION_ONLY);
        assertEquals("team/accounts", nested.prefix());
        try (BackupStore store = BackupStores.fromUri("s3://my-bucket/team/accounts", REGION_ONLY)) {
            assertEquals("s3://my-bucket/team/accounts/ns/b1/manifest.json", store.uri("ns/b1/manifest.json"));
        }
    }

    @Test
    void awsEnvironmentTheSdkDoesNotReadItself() {
        Map<String, String> env = new HashMap<>(REGION_ONLY);
        env.put("AWS_REGION", "us-west-2");
        assertEquals("us-west-2", s3Settings("s3://b", env).region(), "AWS_REGION of the given environment");
        env.put("AWS_ACCESS_KEY_ID", "id");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        env.put("AWS_ENDPOINT_URL_S3", "http://minio:9000");
        S3Settings given = s3Settings("s3://b", env);
        assertEquals("id", given.credentials().accessKeyId(), "keys of the given environment, as a Job's pod has them");
        assertEquals("http://minio:9000", given.endpoint().toString());

        env = new HashMap<>(REGION_ONLY);
        env.put("AWS_ENDPOINT_URL_S3", "http://minio:9000");
        assertTrue(s3Settings("s3://b", env).forcePathStyle(), "custom endpoints are addressed path-style");
        env.put("AWS_S3_FORCE_PATH_STYLE", "false");
        assertFalse(s3Settings("s3://b", env).forcePathStyle(), "an explicit choice wins");

        env = new HashMap<>(REGION_ONLY);
        env.put("AWS_ENDPOINT_URL", "http://ceph:7480");
        assertTrue(s3Settings("s3://b", env).forcePathStyle());
        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        assertFalse(s3Settings("s3://b", env).forcePathStyle());

        env = new HashMap<>(REGION_ONLY);
        env.put("AWS_S3_FORCE_PATH_STYLE", "true");
        assertTrue(s3Settings("s3://b", env).forcePathStyle());

        assertTrue(s3Settings("s3://b", REGION_ONLY).payloadChecksums(), "the SDK's default");
        env = new HashMap<>(REGION_ONLY);
        env.put("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_REQUIRED");
        assertFalse(
                s3Settings("s3://b", env).payloadChecksums(), "the standard setting reaches the multipart parts too");
    }

    @Test
    void badLocationsSayWhatIsExpected() {
        assertInvalid("", "no storage location given: use " + BackupStores.EXPECTED_FORMS);
        assertInvalid(null, "no storage location given: use " + BackupStores.EXPECTED_FORMS);
        assertInvalid(
                "backups/accounts",
                "storage location 'backups/accounts' is relative: use " + BackupStores.EXPECTED_FORMS);
        assertInvalid(
                "file:backups",
                "storage location 'file:backups' is not an absolute file URI: use " + BackupStores.EXPECTED_FORMS);
        assertInvalid(
                "file://nas/share",
                "storage location 'file://nas/share' names a host 'nas': only local"
                        + " directories are supported, as file:///absolute/dir (three slashes)");
        assertInvalid(
                "file:///my backups",
                "storage location 'file:///my backups' is not a valid file URI (Illegal"
                        + " character in path): percent-encode special characters (a space is %20) or give the plain absolute path");
        assertInvalid(
                "gs://bucket/x",
                "storage locations of scheme 'gs' are not supported: use " + BackupStores.EXPECTED_FORMS);
        assertInvalid("s3://", "storage location 's3://' names no bucket: use " + BackupStores.EXPECTED_FORMS);
        assertInvalid(
                "s3:///prefix", "storage location 's3:///prefix' names no bucket: use " + BackupStores.EXPECTED_FORMS);
        assertInvalid(
                "s3://b/x?versionId=1",
                "storage location 's3://b/x?versionId=1' has a query or fragment: use " + BackupStores.EXPECTED_FORMS);
        assertInvalid(
                "s3://b/a/../c", "S3 prefix 'a/../c' has an empty, '.' or '..' folder: give it as folder/subfolder");
    }

    @Test
    void credentialsInALocationAreRefusedWithoutEchoingThem() {
        for (String uri : List.of(
                "s3://AKIAXXXX:hunter2@bucket/p", "https://user:hunter2@host/x", "file://user:hunter2@host/x")) {
            BackupException e = assertThrows(BackupException.class, () -> BackupStores.fromUri(uri, REGION_ONLY));
            assertEquals(BackupException.Kind.INVALID, e.kind());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
    }

    @Test
    void s3LocationUsesTheStandardAwsConfiguration() throws IOException {
        // the system-property forms of AWS_ENDPOINT_URL_S3, AWS_REGION and the access keys, read by the SDK itself
        Map<String, String> properties = Map.of(
                "aws.endpointUrlS3", TestS3.endpoint().toString(),
                "aws.region", TestS3.REGION,
                "aws.accessKeyId", TestS3.ACCESS_KEY,
                "aws.secretAccessKey", TestS3.SECRET_KEY);
        String bucket = TestS3.newBucket();
        properties.forEach(System::setProperty);
        try (BackupStore store = BackupStores.fromUri("s3://" + bucket + "/cli/run", Map.of())) {
            S3Store s3 = assertInstanceOf(S3Store.class, store);
            assertTrue(s3.settings().forcePathStyle());
            byte[] data = "{\"id\":1}\n".getBytes();
            S3StoreTest.write(store, "ns/b1/file.jsonl", data, 3);
            assertArrayEquals(data, S3StoreTest.read(store, "ns/b1/file.jsonl"));
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
        try (var client = TestS3.client()) {
            assertTrue(client.headObject(r -> r.bucket(bucket).key("cli/run/ns/b1/file.jsonl"))
                            .contentLength()
                    > 0);
        }
    }

    @Test
    void factoryMethods() {
        try (BackupStore fs = BackupStores.filesystem(Path.of("/var/backups"))) {
            assertEquals(
                    Path.of("/var/backups"),
                    assertInstanceOf(FilesystemStore.class, fs).root());
        }
        assertThrows(BackupException.class, () -> BackupStores.filesystem(Path.of("relative")));
        try (BackupStore s3 = BackupStores.s3(S3Settings.aws("b", "p", "eu-central-1"))) {
            assertEquals(
                    "eu-central-1", assertInstanceOf(S3Store.class, s3).region().id());
        }
    }

    private static Path fileRoot(String uri) {
        try (BackupStore store = BackupStores.fromUri(uri, Map.of())) {
            return assertInstanceOf(FilesystemStore.class, store).root();
        }
    }

    private static S3Settings s3Settings(String uri, Map<String, String> env) {
        return BackupStores.s3Settings(uri, env);
    }

    private static void assertInvalid(String uri, String message) {
        BackupException e = assertThrows(BackupException.class, () -> BackupStores.fromUri(uri, REGION_ONLY));
        assertEquals(BackupException.Kind.INVALID, e.kind());
        assertEquals(message, e.getMessage());
    }
}
