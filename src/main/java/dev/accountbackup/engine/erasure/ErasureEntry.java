package dev.accountbackup.engine.erasure;

import java.time.Instant;
import java.util.List;

/**
 * One erasure request as the ledger records it: no account key, only its keyed hash.
 *
 * @param id         derived from the content (root, hashes, reference), so recording the same request twice writes nothing
 * @param root       the root table of the erased accounts, e.g. {@code public.users}
 * @param keyHashes  {@link ErasureHasher#hash} of each erased account's key, sorted
 * @param erasedAt   when the erasure was recorded
 * @param reference  the request's ticket or case id (e.g. DSR-2026-0042); may be empty
 * @param keyCheck   {@link ErasureHasher#keyCheck()} of the key that made the hashes
 */
public record ErasureEntry(
        String id, String root, List<String> keyHashes, Instant erasedAt, String reference, String keyCheck) {

    public ErasureEntry {
        keyHashes = List.copyOf(keyHashes);
    }
}
