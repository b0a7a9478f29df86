package dev.thaw.data.io;

import java.util.Arrays;

/** A growable array of ints, without boxing. */
final class IntArray {
    private int[] values = new int[1024];
    private int size;

    /** Appends a value. */
    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    /** Number of values added. */
    int size() {
        return size;
    }

    /** The values added, as an array of their exact length. */
    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
