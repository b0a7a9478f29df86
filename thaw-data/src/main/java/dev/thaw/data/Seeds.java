package dev.thaw.data;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from one seed plus a path of labels (a salt
 * naming the purpose, then e.g. an entity index), so that what one entity draws never depends on
 * the order in which other entities were processed.
 */
public final class Seeds {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** A generator seeded by mixing {@code seed} with each part in turn. */
    public static SplittableRandom derive(long seed, long... parts) {
        long state = mix(seed);
        for (long part : parts) {
            state = mix(state + GOLDEN * (part + 1));
        }
        return new SplittableRandom(state);
    }

    /** A stable 64-bit label for a purpose name, to use as a part in {@link #derive}. */
    public static long label(String purpose) {
        long h = 1125899906842597L;
        for (int i = 0; i < purpose.length(); i++) {
            h = 31 * h + purpose.charAt(i);
        }
        return mix(h);
    }

    /** Fisher-Yates shuffle of {@code values} in place. */
    public static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
