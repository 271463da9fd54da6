package dev.accountbackup.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.accountbackup.engine.storage.AwsCredentials;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An in-process AWS KMS: a WireMock server answering the JSON 1.1 API ({@code X-Amz-Target:
 * TrentService.GenerateDataKey} and {@code TrentService.Decrypt}) for the real AWS SDK KmsClient.
 * Each key has a random AES key; a ciphertext blob is the key's ARN, a nonce and the data key sealed
 * with AES-GCM over the encryption context, so Decrypt fails like KMS for another context, key or blob.
 */
public final class FakeKms implements AutoCloseable {

    /** Any credentials work: the fake does not check signatures. */
    public static final AwsCredentials CREDENTIALS = new AwsCredentials("AKIAFAKEKMS000000000", "fake-kms-secret-key");

    public static final String REGION = "eu-west-3";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final Map<String, Boolean> disabled = new ConcurrentHashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final WireMockServer server;

    private FakeKms() {
        server = new WireMockServer(
                wireMockConfig().dynamicPort().disableRequestJournal().extensions(new Transformer()));
    }

    public static FakeKms start() {
        FakeKms kms = new FakeKms();
        kms.server.start();
        kms.server.stubFor(any(anyUrl()).willReturn(ok()));
        return kms;
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + server.port());
    }

    /** Creates a key and returns its ARN. */
    public String createKey(String name) {
        String arn = "arn:aws:kms:" + REGION + ":111122223333:key/" + name;
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        keys.put(arn, key);
        return arn;
    }

    public void disable(String arn) {
        disabled.put(arn, true);
    }

    /** The actions called, in order, e.g. "GenerateDataKey". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop();
    }

    private ResponseDefinition handle(String target, String body) throws Exception {
        String action = target.substring(target.indexOf('.') + 1);
        calls.add(action);
        JsonNode request = JSON.readTree(body);
        String keyId = request.path("KeyId").asText(null);
        Map<String, String> context = new TreeMap<>();
        request.path("EncryptionContext")
                .fields()
                .forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
        return switch (action) {
            case "GenerateDataKey" -> generateDataKey(keyId, context);
            case "Decrypt" ->
                decrypt(
                        keyId,
                        Base64.getDecoder()
                                .decode(request.path("CiphertextBlob").asText()),
                        context);
            default -> error(400, "UnsupportedOperationException", action);
        };
    }

    private ResponseDefinition generateDataKey(String keyId, Map<String, String> context)
            throws GeneralSecurityException {
        ResponseDefinition refused = refuse(keyId);
        if (refused != null) {
            return refused;
        }
        byte[] plaintext = new byte[32];
        RANDOM.nextBytes(plaintext);
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] arn = keyId.getBytes(StandardCharsets.UTF_8);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, keyId, nonce, context).doFinal(plaintext);
        byte[] blob = ByteBuffer.allocate(2 + arn.length + 12 + sealed.length)
                .putShort((short) arn.length)
                .put(arn)
                .put(nonce)
                .put(sealed)
                .array();
        ObjectNode reply = JSON.createObjectNode()
                .put("KeyId", keyId)
                .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
                .put("CiphertextBlob", Base64.getEncoder().encodeToString(blob));
        return json(200, reply.toString());
    }

    private ResponseDefinition decrypt(String keyId, byte[] blob, Map<String, String> context) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        try {
            byte[] arn = new byte[in.getShort()];
            in.get(arn);
            String blobKey = new String(arn, StandardCharsets.UTF_8);
            if (keyId != null && !keyId.equals(blobKey)) {
                return error(400, "IncorrectKeyException", "the ciphertext was not encrypted under " + keyId);
            }
            ResponseDefinition refused = refuse(blobKey);
            if (refused != null) {
                return refused;
            }
            byte[] nonce = new byte[12];
            in.get(nonce);
            byte[] sealed = new byte[in.remaining()];
            in.get(sealed);
            byte[] plaintext =
                    cipher(Cipher.DECRYPT_MODE, blobKey, nonce, context).doFinal(sealed);
            return json(
                    200,
                    JSON.createObjectNode()
                            .put("KeyId", blobKey)
                            .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
                            .toString());
        } catch (RuntimeException | GeneralSecurityException e) {
            return error(400, "InvalidCiphertextException", "");
        }
    }

    private ResponseDefinition refuse(String keyId) {
        if (keyId == null || !keys.containsKey(keyId)) {
            return error(400, "NotFoundException", "Key '" + keyId + "' does not exist");
        }
        if (disabled.containsKey(keyId)) {
            return error(400, "DisabledException", keyId + " is disabled.");
        }
        return null;
    }

    private Cipher cipher(int mode, String keyId, byte[] nonce, Map<String, String> context)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(keys.get(keyId), "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(context.toString().getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static ResponseDefinition error(int status, String type, String message) {
        return json(
                status,
                JSON.createObjectNode()
                        .put("__type", type)
                        .put("message", message)
                        .toString());
    }

    private static ResponseDefinition json(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body)
                .build();
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "fake-kms";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                return handle(
                        String.valueOf(event.getRequest().getHeader("X-Amz-Target")),
                        event.getRequest().getBodyAsString());
            } catch (Exception e) {
                return error(500, "KMSInternalException", String.valueOf(e));
            }
        }
    }
}
