package dev.accountbackup.operator.resolve;

import dev.accountbackup.engine.BackupException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads credentials from Secrets, by name (the operator may get Secrets, not list or watch them).
 * Errors name the Secret and the key to fix; values never appear in any message.
 */
public final class SecretReader {

    private final KubernetesClient client;

    public SecretReader(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param purpose what the Secret is for, e.g. "the database login"
     * @return the values of the required keys and of those optional keys present
     */
    public Map<String, String> read(
            String namespace, String name, String purpose, List<String> required, List<String> optional) {
        Secret secret = get(namespace, name, purpose, required);
        Map<String, String> values = new HashMap<>();
        for (String key : required) {
            String value = value(secret, key);
            if (value == null || value.isEmpty()) {
                throw new BackupException(
                        BackupException.Kind.CREDENTIALS_MISSING,
                        "Secret '" + name + "' in namespace '" + namespace
                                + "' has no key '" + key + "' ("
                                + purpose + "): add it" + (value == null ? "" : " with a non-empty value"));
            }
            values.put(key, value);
        }
        for (String key : optional) {
            String value = value(secret, key);
            if (value != null && !value.isEmpty()) {
                values.put(key, value);
            }
        }
        return values;
    }

    /**
     * Every key of a Secret whose key names are not fixed, such as signing keys by key id.
     *
     * @param expected the keys to name when the Secret is missing
     */
    public Map<String, String> readAll(String namespace, String name, String purpose, List<String> expected) {
        Secret secret = get(namespace, name, purpose, expected);
        Map<String, String> values = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().keySet().forEach(key -> values.put(key, value(secret, key)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach(values::putIfAbsent);
        }
        return values;
    }

    private Secret get(String namespace, String name, String purpose, List<String> expected) {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw BackupException.invalid("the operator is not allowed to read Secret '" + name + "' in namespace '"
                        + namespace + "' (" + purpose + "): grant its ServiceAccount 'get' on secrets");
            }
            throw e;
        }
        if (secret == null) {
            throw new BackupException(
                    BackupException.Kind.CREDENTIALS_MISSING,
                    "Secret '" + name + "' not found in namespace '" + namespace + "' (" + purpose
                            + "): create it with the keys " + String.join(", ", expected));
        }
        return secret;
    }

    private static String value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            try {
                return new String(
                        Base64.getDecoder().decode(secret.getData().get(key).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw BackupException.invalid(
                        "Secret '" + secret.getMetadata().getName() + "' key '" + key + "' is not valid base64");
            }
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }
}
