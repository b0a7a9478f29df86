package dev.thaw.data.io;

import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import java.util.Arrays;

/**
 * Accumulates interaction rows over dense indices and rejects a repeated (user, item) pair with a
 * {@link Problem#DUPLICATE_PAIR} error that points at the first occurrence.
 */
final class LogBuilder {
    private int[] user;
    private int[] item;
    private float[] value;
    private long[] timestamp;
    private int size;
    private final PairIndex firstLine;

    /** A builder for a log of unknown size. */
    LogBuilder() {
        this(1024);
    }

    /** A builder sized for about {@code expectedRows} rows (it grows beyond). */
    LogBuilder(int expectedRows) {
        int n = Math.max(16, expectedRows);
        user = new int[n];
        item = new int[n];
        value = new float[n];
        timestamp = new long[n];
        firstLine = new PairIndex(n);
    }

    /** Adds a row read at the current line of {@code source}. */
    void add(TextLines source, int u, int i, float v, long t) {
        int first = firstLine.putIfAbsent(u, i, (int) source.lineNumber());
        if (first >= 0) {
            throw source.error(Problem.DUPLICATE_PAIR, "duplicate (user, item) row; the same pair is on line " + first);
        }
        if (size == user.length) {
            int n = size * 2;
            user = Arrays.copyOf(user, n);
            item = Arrays.copyOf(item, n);
            value = Arrays.copyOf(value, n);
            timestamp = Arrays.copyOf(timestamp, n);
        }
        user[size] = u;
        item[size] = i;
        value[size] = v;
        timestamp[size] = t;
        size++;
    }

    /** Rows so far. */
    int size() {
        return size;
    }

    /** The rows as an immutable log over the given (complete) id maps. */
    Interactions build(IdMap users, IdMap items) {
        return new Interactions(users, items, Arrays.copyOf(user, size), Arrays.copyOf(item, size),
                Arrays.copyOf(value, size), Arrays.copyOf(timestamp, size));
    }
}
