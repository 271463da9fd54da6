package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.catalog.ColumnSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The primary keys a table holds, compact (primitive longs for an integer key, two for a uuid, a
 * canonical text for a key of several such columns), each remembering whether a backup row with it
 * was seen. It holds at most {@link #MEMORY} bytes: adding past that fails, and the caller stages
 * the table instead. Only keys whose text PostgreSQL compares exactly as their value are held:
 * integers and uuids.
 */
abstract class KeySet {

    /** What a backup row's key is to the table. */
    enum Sighting {
        /** Not in the table (or not readable here: the database then judges the row). */
        MISSING,
        /** In the table, seen in the backup for the first time. */
        PRESENT,
        /** In the table, and seen in the backup before: the backup holds the key twice. */
        AGAIN
    }

    /** The most memory one table's keys may take. */
    static final long MEMORY = 64L << 20;

    private enum Kind {
        INTEGER,
        UUID
    }

    /** An empty set for a key of these columns, sized for {@code expected} keys; null when the key's types are not supported. */
    static KeySet forKey(List<ColumnSchema> key, long expected) {
        List<Kind> kinds = key.stream().map(KeySet::kindOf).toList();
        if (kinds.isEmpty() || kinds.contains(null)) {
            return null;
        }
        if (kinds.size() == 1) {
            return new PairKeys(kinds, expected);
        }
        return new TextKeys(kinds);
    }

    /** Whether {@code expected} keys of these columns would fit in {@link #MEMORY}. */
    static boolean fits(List<ColumnSchema> key, long expected) {
        KeySet sized = forKey(key, 0);
        return sized != null && sized.bytesFor(expected) <= MEMORY;
    }

    private static Kind kindOf(ColumnSchema column) {
        return switch (column.type()) {
            case "smallint", "integer", "bigint" -> Kind.INTEGER;
            case "uuid" -> Kind.UUID;
            default -> null;
        };
    }

    /**
     * Adds a key of the table, as PostgreSQL writes it.
     *
     * @return false when it does not fit in {@link #MEMORY} (the set is then of no use)
     */
    abstract boolean add(String[] values);

    private long present;

    /** What the backup row with these key values (as the backup writes them) is to the table; marks it seen. */
    final Sighting see(String[] values) {
        Sighting sighting = sighting(values);
        if (sighting == Sighting.PRESENT) {
            present++;
        }
        return sighting;
    }

    /** The backup rows seen so far whose key the table holds. */
    final long present() {
        return present;
    }

    abstract Sighting sighting(String[] values);

    abstract long bytesFor(long keys);

    /** A key value as a long (an integer's value, the high or low half of a uuid); throws when unreadable. */
    private static long half(Kind kind, String value, boolean high) {
        return kind == Kind.INTEGER ? integer(value) : uuidHalf(value, high);
    }

    /** An integer in ASCII digits (Long.parseLong would also take other scripts' digits, which PostgreSQL refuses). */
    private static long integer(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && !(i == 0 && (c == '-' || c == '+'))) {
                throw new NumberFormatException("not an integer");
            }
        }
        return Long.parseLong(value);
    }

    /**
     * One half of a uuid written as PostgreSQL reads it: 32 hex digits, upper or lower case, with or
     * without hyphens and braces.
     */
    private static long uuidHalf(String value, boolean high) {
        long half = 0;
        int digits = 0;
        int skip = high ? 0 : 16;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '-' || (c == '{' && i == 0) || (c == '}' && i == value.length() - 1)) {
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0 || c > 'f') {
                throw new NumberFormatException("not a uuid");
            }
            if (digits >= skip && digits < skip + 16) {
                half = half << 4 | d;
            }
            digits++;
        }
        if (digits != 32) {
            throw new NumberFormatException("not a uuid");
        }
        return half;
    }

    /** One integer or uuid column: open addressing over longs, one state byte a slot. */
    private static final class PairKeys extends KeySet {

        private static final byte EMPTY = 0;
        private static final byte HELD = 1;
        private static final byte SEEN = 2;

        private final Kind kind;
        private long[] high;
        /** The low halves of uuids; null for integers. */
        private long[] low;

        private byte[] state;
        private int size;

        PairKeys(List<Kind> kinds, long expected) {
            this.kind = kinds.get(0);
            allocate((int)
                    Math.min(capacityFor(Math.min(expected, 1L << 28)), Long.highestOneBit(MEMORY / slotBytes())));
        }

        private static int capacityFor(long keys) {
            long needed = Math.max(16, keys * 4 / 3 + 1);
            return (int) Math.min(1 << 30, Long.highestOneBit(needed - 1) << 1);
        }

        private void allocate(int capacity) {
            high = new long[capacity];
            low = kind == Kind.UUID ? new long[capacity] : null;
            state = new byte[capacity];
        }

        private int slotBytes() {
            return kind == Kind.UUID ? 17 : 9;
        }

        @Override
        long bytesFor(long keys) {
            return (long) capacityFor(keys) * slotBytes();
        }

        @Override
        boolean add(String[] values) {
            long h = half(kind, values[0], true);
            long l = kind == Kind.UUID ? half(kind, values[0], false) : 0;
            if ((size + 1) * 4L > state.length * 3L) {
                if ((long) state.length * 2 * slotBytes() > MEMORY) {
                    return false;
                }
                grow();
            }
            int slot = find(h, l);
            if (state[slot] == EMPTY) {
                high[slot] = h;
                if (low != null) {
                    low[slot] = l;
                }
                state[slot] = HELD;
                size++;
            }
            return true;
        }

        @Override
        Sighting sighting(String[] values) {
            long h;
            long l;
            try {
                h = half(kind, values[0], true);
                l = kind == Kind.UUID ? half(kind, values[0], false) : 0;
            } catch (NumberFormatException | NullPointerException e) {
                return Sighting.MISSING;
            }
            int slot = find(h, l);
            if (state[slot] == EMPTY) {
                return Sighting.MISSING;
            }
            if (state[slot] == SEEN) {
                return Sighting.AGAIN;
            }
            state[slot] = SEEN;
            return Sighting.PRESENT;
        }

        /** The slot holding this key, or the empty slot where it would go. */
        private int find(long h, long l) {
            int mask = state.length - 1;
            int slot = (int) mix(h * 31 + l) & mask;
            while (state[slot] != EMPTY && (high[slot] != h || (low != null && low[slot] != l))) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private static long mix(long x) {
            x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
            x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return x ^ (x >>> 33);
        }

        private void grow() {
            long[] oldHigh = high;
            long[] oldLow = low;
            byte[] oldState = state;
            allocate(state.length * 2);
            for (int i = 0; i < oldState.length; i++) {
                if (oldState[i] != EMPTY) {
                    long l = oldLow == null ? 0 : oldLow[i];
                    int slot = find(oldHigh[i], l);
                    high[slot] = oldHigh[i];
                    if (low != null) {
                        low[slot] = l;
                    }
                    state[slot] = oldState[i];
                }
            }
        }
    }

    /** A key of several integer or uuid columns: its canonical text (each value as a number), in a hash map. */
    private static final class TextKeys extends KeySet {

        /** What one held key costs, roughly: the map's entry, its String and Boolean, and the text's bytes. */
        private static final int ENTRY_BYTES = 112;

        private final List<Kind> kinds;
        private final Map<String, Boolean> seen = new HashMap<>();
        private long bytes;

        TextKeys(List<Kind> kinds) {
            this.kinds = kinds;
        }

        @Override
        long bytesFor(long keys) {
            return keys * (ENTRY_BYTES + 20L * kinds.size());
        }

        @Override
        boolean add(String[] values) {
            String key = canonical(values);
            bytes += ENTRY_BYTES + key.length();
            if (bytes > MEMORY) {
                return false;
            }
            seen.put(key, Boolean.FALSE);
            return true;
        }

        @Override
        Sighting sighting(String[] values) {
            String key;
            try {
                key = canonical(values);
            } catch (NumberFormatException | NullPointerException e) {
                return Sighting.MISSING;
            }
            Boolean before = seen.replace(key, Boolean.TRUE);
            if (before == null) {
                return Sighting.MISSING;
            }
            return before ? Sighting.AGAIN : Sighting.PRESENT;
        }

        private String canonical(String[] values) {
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < kinds.size(); i++) {
                Kind kind = kinds.get(i);
                key.append(half(kind, values[i], true));
                if (kind == Kind.UUID) {
                    key.append(':').append(half(kind, values[i], false));
                }
                key.append(',');
            }
            return key.toString();
        }
    }
}
