package dev.accountbackup.engine.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.signing.SignatureCheck.Status;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs manifests and checks their signatures. The signature is the member {@code signature} of
 * manifest.json ({@code algorithm}, {@code keyId}, {@code value}), written in the same file as what
 * it covers, so a manifest is never visible complete but unsigned. It is an HMAC-SHA256 over the
 * {@linkplain CanonicalJson canonical bytes} of the whole manifest with {@code signature.value}
 * left out: the backup id, the labels and every table file's size, SHA-256 and row count, and the
 * algorithm and key id too.
 */
public final class ManifestSigner {

    public static final String FIELD = "signature";
    public static final String ALGORITHM = "HMAC-SHA256";
    private static final String MAC = "HmacSHA256";

    private final SigningKeys keys;

    /** @param keys the configured keys, or null for none: manifests are then written unsigned */
    public ManifestSigner(SigningKeys keys) {
        this.keys = keys;
    }

    public boolean hasKeys() {
        return keys != null;
    }

    /** Adds the signature under the current key, replacing any the manifest had; without keys, leaves it unsigned. */
    public void sign(ObjectNode manifest) {
        manifest.remove(FIELD);
        if (keys == null) {
            return;
        }
        ObjectNode signature = manifest.putObject(FIELD);
        signature.put("algorithm", ALGORITHM);
        signature.put("keyId", keys.currentId());
        signature.put("value", Base64.getEncoder().encodeToString(mac(keys.current(), manifest)));
    }

    /** Checks a manifest as read; does not change it. */
    public SignatureCheck check(ObjectNode manifest) {
        JsonNode signature = manifest.get(FIELD);
        if (signature == null || signature.isNull()) {
            return new SignatureCheck(keys == null ? Status.UNSIGNED : Status.MISSING, null);
        }
        String keyId =
                signature.path("keyId").isTextual() ? signature.get("keyId").asText() : null;
        Optional<byte[]> expected = signatureValue(signature);
        if (keyId == null
                || expected.isEmpty()
                || !ALGORITHM.equals(signature.path("algorithm").asText())) {
            return new SignatureCheck(Status.MALFORMED, keyId);
        }
        if (keys == null) {
            return new SignatureCheck(Status.UNCHECKED, keyId);
        }
        Optional<byte[]> key = keys.key(keyId);
        if (key.isEmpty()) {
            return new SignatureCheck(Status.UNKNOWN_KEY, keyId);
        }
        ObjectNode signed = manifest.deepCopy();
        ((ObjectNode) signed.get(FIELD)).remove("value");
        boolean matches = MessageDigest.isEqual(expected.get(), mac(key.get(), signed));
        return new SignatureCheck(matches ? Status.VALID : Status.MISMATCH, keyId);
    }

    private static Optional<byte[]> signatureValue(JsonNode signature) {
        if (!signature.isObject() || !signature.path("value").isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(signature.get("value").asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(byte[] key, JsonNode unsignedManifest) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key, MAC));
            return mac.doFinal(CanonicalJson.bytes(unsignedManifest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this Java runtime", e);
        }
    }
}
