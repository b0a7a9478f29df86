package dev.thaw.data.io;

import java.util.Arrays;

/**
 * An open-addressing map from (int, int) pairs to non-negative ints, without boxing. Probing is
 * triangular (+1, +2, +3, ...), which visits every slot of the power-of-two table and keeps runs
 * of neighbouring keys from clustering.
 */
final class PairIndex {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int size;

    PairIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(keys, EMPTY);
    }

    /** The value of a pair, or -1 when absent. */
    int get(int a, int b) {
        long key = key(a, b);
        for (int slot = slot(key, keys.length), step = 1; ; slot = (slot + step++) & (keys.length - 1)) {
            if (keys[slot] == EMPTY) {
                return -1;
            }
            if (keys[slot] == key) {
                return values[slot];
            }
        }
    }

    /** Stores the value if the pair is absent; returns the value already stored, or -1. */
    int putIfAbsent(int a, int b, int value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        long key = key(a, b);
        for (int slot = slot(key, keys.length), step = 1; ; slot = (slot + step++) & (keys.length - 1)) {
            if (keys[slot] == EMPTY) {
                keys[slot] = key;
                values[slot] = value;
                size++;
                return -1;
            }
            if (keys[slot] == key) {
                return values[slot];
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int s = 0; s < oldKeys.length; s++) {
            if (oldKeys[s] != EMPTY) {
                int slot = slot(oldKeys[s], keys.length);
                for (int step = 1; keys[slot] != EMPTY; step++) {
                    slot = (slot + step) & (keys.length - 1);
                }
                keys[slot] = oldKeys[s];
                values[slot] = oldValues[s];
            }
        }
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    /**
     * Hashes the first int and adds the second, so that the pairs of one first value (one user's
     * items) lie close together: few cache misses when rows come grouped by their first value.
     */
    private static int slot(long key, int capacity) {
        long spread = (key >>> 32) * 0x9E3779B97F4A7C15L;
        return ((int) (spread >>> 32) + (int) key) & (capacity - 1);
    }
}
