package dev.accountbackup.engine.accounts;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.TableEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A deterministic sample of accounts: the {@code size} root rows whose keys have the smallest
 * keyed hash. The same key and salt pick the same accounts in every run, whatever the file's
 * order, and nobody without the salt can steer which accounts are picked.
 *
 * @param root the root table, as written ({@code public.users})
 */
public record AccountSample(String root, int size) {

    /** The largest sample: its keys are held in memory while the account's rows are sorted. */
    public static final int MAX_SIZE = 1_000_000;

    private record Ranked(long hash, String key) {}

    public AccountSample {
        if (size < 1 || size > MAX_SIZE) {
            throw BackupException.invalid("sample must be between 1 and " + MAX_SIZE + " accounts");
        }
    }

    /**
     * Reads the root table's rows once and returns the keys of the sampled accounts.
     *
     * @param rank the keyed hash of an account key
     */
    public Set<String> pick(AccountGraph graph, InputStream rootRows, ToLongFunction<String> rank) throws IOException {
        // the largest hash kept sits on top, so that a smaller one replaces it
        PriorityQueue<Ranked> smallest = new PriorityQueue<>(
                Comparator.comparing(Ranked::hash, Long::compareUnsigned).reversed());
        AccountRows all = new AccountRows(graph, new Everyone());
        all.scan(graph.root().table(), rootRows, (line, offset, length, accounts) -> {
            for (String key : accounts) {
                smallest.add(new Ranked(rank.applyAsLong(key), key));
                if (smallest.size() > size) {
                    smallest.poll();
                }
            }
        });
        Set<String> keys = new HashSet<>();
        smallest.forEach(r -> keys.add(r.key()));
        return keys;
    }

    /** The accounts whose keys (as {@link AccountRows} writes them) are in {@code keys}. */
    public static AccountSelector selector(Set<String> keys) {
        return new KeySet(keys);
    }

    /** Every root row. */
    private static final class Everyone implements AccountSelector {
        @Override
        public List<String> columns(TableEntry root) {
            return List.of();
        }

        @Override
        public boolean selects(List<String> values) {
            return true;
        }

        @Override
        public String describe() {
            return "every account";
        }
    }

    /** A precomputed set of account keys, composite keys joined as {@link AccountRows} joins them. */
    private static final class KeySet implements AccountSelector {

        private final Set<String> keys;

        KeySet(Set<String> keys) {
            this.keys = Set.copyOf(keys);
        }

        @Override
        public List<String> columns(TableEntry root) {
            return root.primaryKey();
        }

        @Override
        public boolean selects(List<String> values) {
            if (values.contains(null)) {
                return false;
            }
            return keys.contains(values.size() == 1 ? values.get(0) : String.join("\u001f", values));
        }

        @Override
        public String describe() {
            return "a sample of " + keys.size() + " accounts";
        }
    }
}
