package dev.accountbackup.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/iam-policy.json} allows every AWS API call the operator's code makes, and nothing it
 * never calls. The calls are found in the sources: every method of an AWS SDK client (S3, RDS, KMS)
 * invoked in a file that uses that client, plus the permissions a request parameter implies (Object
 * Lock headers, tags, KMS keys).
 */
class AwsPermissionsTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/accountbackup");

    /** The benchmark and the demo talk only to servers they start themselves, never under the operator's identity. */
    private static final Set<Path> OWN_SERVERS_ONLY = Set.of(SOURCES.resolve("bench"), SOURCES.resolve("demo"));

    private static final Path POLICY = Path.of("deploy/iam-policy.json");

    /** SDK client interfaces by IAM service prefix; KMS only once some code uses it. */
    private static final Map<String, String> CLIENTS = Map.of(
            "s3", "software.amazon.awssdk.services.s3.S3Client",
            "rds", "software.amazon.awssdk.services.rds.RdsClient",
            "kms", "software.amazon.awssdk.services.kms.KmsClient");

    /** S3 operations whose IAM action is not their own name. */
    private static final Map<String, String> S3_ACTIONS = Map.of(
            "listObjectsV2", "s3:ListBucket",
            "listObjectVersions", "s3:ListBucketVersions",
            "listMultipartUploads", "s3:ListBucketMultipartUploads",
            "headObject", "s3:GetObject",
            "createMultipartUpload", "s3:PutObject",
            "uploadPart", "s3:PutObject",
            "completeMultipartUpload", "s3:PutObject");

    /** A request parameter that needs a permission of its own: the parameter's setter, in files of that service. */
    private record Implied(String service, String setter, List<String> actions) {}

    private static final List<Implied> IMPLIED = List.of(
            new Implied("s3", "objectLockMode", List.of("s3:PutObjectRetention")),
            // HeadObject reports a version's lock only to identities allowed to read it
            new Implied("s3", "objectLockLegalHoldStatus", List.of("s3:GetObjectRetention", "s3:GetObjectLegalHold")),
            new Implied("s3", "versionId", List.of("s3:GetObjectVersion", "s3:DeleteObjectVersion")),
            new Implied("s3", "ssekmsKeyId", List.of("kms:GenerateDataKey", "kms:Decrypt")),
            new Implied("rds", "tags", List.of("rds:AddTagsToResource")),
            new Implied("rds", "kmsKeyId", List.of("kms:CreateGrant", "kms:DescribeKey")));

    @Test
    void thePolicyAllowsEveryCallTheCodeMakesAndNothingElse() throws IOException {
        Set<String> needed = new TreeSet<>();
        Map<String, Set<String>> callsByFile = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> OWN_SERVERS_ONLY.stream().noneMatch(f::startsWith))
                    .sorted()
                    .toList()) {
                String code = Files.readString(file);
                for (Map.Entry<String, String> client : CLIENTS.entrySet()) {
                    if (!code.contains("software.amazon.awssdk.services." + client.getKey() + ".")) {
                        continue;
                    }
                    for (String operation : operationsCalled(code, client.getValue())) {
                        needed.add(action(client.getKey(), operation));
                        callsByFile
                                .computeIfAbsent(SOURCES.relativize(file).toString(), k -> new TreeSet<>())
                                .add(operation);
                    }
                    for (Implied implied : IMPLIED) {
                        if (implied.service().equals(client.getKey()) && code.contains("." + implied.setter() + "(")) {
                            needed.addAll(implied.actions());
                        }
                    }
                }
            }
        }
        assertFalse(callsByFile.isEmpty(), "no AWS call found: has the code moved?");
        assertTrue(
                needed.containsAll(List.of(
                        "s3:PutObject", "rds:CreateDBSnapshot", "s3:PutObjectRetention", "rds:AddTagsToResource")),
                "the scan misses known calls: " + needed);

        Set<String> allowed = allowedActions();
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(allowed);
        assertEquals(Set.of(), missing, "calls the policy does not allow, made in " + callsByFile);
        Set<String> unused = new TreeSet<>(allowed);
        unused.removeAll(needed);
        assertEquals(Set.of(), unused, "the policy allows actions the operator never needs");
    }

    /** Methods of the client interface that the code invokes, e.g. {@code client.putObject(}. */
    private static Set<String> operationsCalled(String code, String clientClass) {
        Set<String> operations = Arrays.stream(clientInterface(clientClass).getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() > 0)
                .map(Method::getName)
                .collect(Collectors.toSet());
        Set<String> called = new TreeSet<>();
        Matcher m = Pattern.compile("\\.(\\w+)\\(").matcher(code);
        while (m.find()) {
            if (operations.contains(m.group(1))) {
                called.add(m.group(1));
            }
        }
        return called;
    }

    private static Class<?> clientInterface(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is imported by the code but not on the class path", e);
        }
    }

    /** {@code createDBSnapshot} is rds:CreateDBSnapshot; paginators call the operation they page through. */
    private static String action(String service, String operation) {
        if (service.equals("s3") && S3_ACTIONS.containsKey(operation)) {
            return S3_ACTIONS.get(operation);
        }
        String name = operation.endsWith("Paginator")
                ? operation.substring(0, operation.length() - "Paginator".length())
                : operation;
        return service + ":" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static Set<String> allowedActions() {
        try {
            JsonNode policy = new ObjectMapper().readTree(POLICY.toFile());
            Set<String> actions = new TreeSet<>();
            for (JsonNode statement : policy.get("Statement")) {
                assertEquals("Allow", statement.get("Effect").asText());
                statement.get("Action").forEach(a -> actions.add(a.asText()));
            }
            return actions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
