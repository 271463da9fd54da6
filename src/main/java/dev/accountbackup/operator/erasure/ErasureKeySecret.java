package dev.accountbackup.operator.erasure;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.erasure.ErasureHasher;
import dev.accountbackup.operator.resolve.SecretReader;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/** The erasure hash key of a namespace: the key {@code hashKey} of a Secret, in base64. */
public final class ErasureKeySecret {

    public static final String DEFAULT_NAME = "account-erasure-key";
    public static final String KEY = "hashKey";

    private ErasureKeySecret() {}

    /** Reads the Secret when first asked: restores from folders without erasures never need it. */
    public static Supplier<ErasureHasher> of(SecretReader secrets, String namespace, String secretName) {
        return of(
                secrets,
                namespace,
                secretName,
                "the erasure hash key, needed because the erasure ledger holds erasures");
    }

    /** @param purpose why the key is needed, for the message when the Secret is missing */
    public static Supplier<ErasureHasher> of(
            SecretReader secrets, String namespace, String secretName, String purpose) {
        String name = secretName == null || secretName.isBlank() ? DEFAULT_NAME : secretName;
        return () -> {
            String value = secrets.read(namespace, name, purpose, List.of(KEY), List.of())
                    .get(KEY);
            String source = "Secret '" + name + "' key '" + KEY + "'";
            try {
                return new ErasureHasher(Base64.getDecoder().decode(value.strip()), source);
            } catch (IllegalArgumentException e) {
                throw BackupException.invalid(source + " does not hold a base64 key");
            }
        };
    }
}
