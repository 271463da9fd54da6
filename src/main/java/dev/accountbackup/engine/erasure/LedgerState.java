package dev.accountbackup.engine.erasure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The entries of an erasure ledger as one read found them, with a version that names this exact
 * content: the number of entries and a digest of their ids, e.g. {@code 3-1f0c9a2b4d5e6f70}. A
 * restore records the version it applied, so an auditor can tell which erasures it honoured.
 */
public record LedgerState(List<ErasureEntry> entries, String version) {

    public static final LedgerState EMPTY = new LedgerState(List.of(), "0");

    static LedgerState of(List<ErasureEntry> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        String ids =
                String.join(",", entries.stream().map(ErasureEntry::id).sorted().toList());
        return new LedgerState(
                List.copyOf(entries),
                entries.size() + "-"
                        + ErasureLedger.sha256(ids.getBytes(StandardCharsets.UTF_8))
                                .substring(0, 16));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The erased keys' hashes by root table, as written in the entries. */
    public Map<String, Set<String>> hashesByRoot() {
        Map<String, Set<String>> byRoot = new TreeMap<>();
        for (ErasureEntry e : entries) {
            byRoot.computeIfAbsent(e.root(), r -> new TreeSet<>()).addAll(e.keyHashes());
        }
        return byRoot;
    }

    /** The number of distinct erased accounts. */
    public int accounts() {
        return hashesByRoot().values().stream().mapToInt(Set::size).sum();
    }
}
