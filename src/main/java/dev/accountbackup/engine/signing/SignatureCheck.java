package dev.accountbackup.engine.signing;

/**
 * What the signature of one manifest says about it.
 *
 * @param keyId the key the manifest names, or null when it names none
 */
public record SignatureCheck(Status status, String keyId) {

    public enum Status {
        /** Signed with a configured key, and the signature matches. */
        VALID(true),
        /** No key is configured and the manifest carries no signature: as before signing existed. */
        UNSIGNED(true),
        /** No key is configured, so a signature the manifest carries could not be checked. */
        UNCHECKED(true),
        /** A key is configured but the manifest carries no signature. */
        MISSING(false),
        /** Signed with a key id that is not configured (unknown, or removed after a rotation). */
        UNKNOWN_KEY(false),
        /** The signature does not match the manifest under the key it names: changed or forged. */
        MISMATCH(false),
        /** The signature is not one this operator writes. */
        MALFORMED(false);

        private final boolean trusted;

        Status(boolean trusted) {
            this.trusted = trusted;
        }
    }

    /** Whether the backup may be listed, restored and counted as kept. */
    public boolean trusted() {
        return status.trusted;
    }

    /** For output and messages, e.g. "signature does not match key k1". */
    public String describe() {
        return switch (status) {
            case VALID -> "signed with key " + keyId;
            case UNSIGNED -> "unsigned";
            case UNCHECKED -> "signed with key " + keyId + ", not checked: no signing key configured";
            case MISSING -> "signature missing";
            case UNKNOWN_KEY -> "signed with key " + keyId + ", which is not configured";
            case MISMATCH -> "signature does not match key " + keyId;
            case MALFORMED -> "signature unreadable";
        };
    }
}
