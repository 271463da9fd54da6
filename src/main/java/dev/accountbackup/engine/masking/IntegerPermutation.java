package dev.accountbackup.engine.masking;

/**
 * A keyed one-to-one mapping of the integers of a column type onto themselves (a Feistel network
 * with cycle walking): distinct keys stay distinct, so a masked primary key is still a key, and
 * the sign is kept, so {@code CHECK (id > 0)} still holds.
 */
final class IntegerPermutation {

    private static final int ROUNDS = 8;

    /** Bits of the non-negative values: 15, 31 or 63. */
    private final int bits;

    private final int half;
    private final long halfMask;
    private final long[] roundKeys = new long[ROUNDS];

    IntegerPermutation(int bits, KeyedHash hash) {
        this.bits = bits;
        this.half = (bits + 1) / 2;
        this.halfMask = (1L << half) - 1;
        for (int i = 0; i < ROUNDS; i++) {
            roundKeys[i] = hash.longOf(Purposes.INTEGER, bits + "/" + i);
        }
    }

    long apply(long value) {
        if (value < 0) {
            return ~apply(~value); // negative values map onto negative values
        }
        long limit = bits == 63 ? Long.MAX_VALUE : (1L << bits) - 1;
        long x = value;
        do {
            x = encrypt(x); // the network covers 2 * half bits; walk until back in range
        } while (Long.compareUnsigned(x, limit) > 0);
        return x;
    }

    private long encrypt(long x) {
        long left = (x >>> half) & halfMask;
        long right = x & halfMask;
        for (long key : roundKeys) {
            long next = left ^ (mix(right ^ key) & halfMask);
            left = right;
            right = next;
        }
        return (left << half) | right;
    }

    /** The finaliser of SplitMix64: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
