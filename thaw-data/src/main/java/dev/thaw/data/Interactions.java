package dev.thaw.data;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable, columnar log of (user, item, value, timestamp) rows over dense user and item
 * indices, in source order. {@code value} is the rating, or 1 for an implicit positive.
 * Timestamps are seconds since the epoch, or {@link #NO_TIMESTAMP} where the source has none.
 */
public final class Interactions {
    /** Marks a row without a timestamp. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final IdMap users;
    private final IdMap items;
    private final int[] user;
    private final int[] item;
    private final float[] value;
    private final long[] timestamp;

    /** Makes a log; arrays are copied and must have equal lengths; indices must lie inside the id maps. */
    public Interactions(IdMap users, IdMap items, int[] user, int[] item, float[] value, long[] timestamp) {
        int n = user.length;
        if (item.length != n || value.length != n || timestamp.length != n) {
            throw new IllegalArgumentException("column lengths differ: user " + n + ", item " + item.length
                    + ", value " + value.length + ", timestamp " + timestamp.length);
        }
        int userCount = users.size();
        int itemCount = items.size();
        for (int r = 0; r < n; r++) {
            if (user[r] < 0 || user[r] >= userCount || item[r] < 0 || item[r] >= itemCount) {
                throw new IllegalArgumentException("row " + r + " has user " + user[r] + " / item " + item[r]
                        + " outside the id maps (" + users.size() + " users, " + items.size() + " items)");
            }
        }
        this.users = users;
        this.items = items;
        this.user = user.clone();
        this.item = item.clone();
        this.value = value.clone();
        this.timestamp = timestamp.clone();
    }

    /** Number of rows. */
    public int size() {
        return user.length;
    }

    /** User ids. */
    public IdMap users() {
        return users;
    }

    /** Item ids. */
    public IdMap items() {
        return items;
    }

    /** Dense user index of row r. */
    public int user(int r) {
        return user[r];
    }

    /** Dense item index of row r. */
    public int item(int r) {
        return item[r];
    }

    /** Rating (or 1 for implicit) of row r. */
    public float value(int r) {
        return value[r];
    }

    /** Timestamp of row r, or {@link #NO_TIMESTAMP}. */
    public long timestamp(int r) {
        return timestamp[r];
    }

    /** True when every row has a timestamp. */
    public boolean allTimestamped() {
        for (long t : timestamp) {
            if (t == NO_TIMESTAMP) {
                return false;
            }
        }
        return true;
    }

    /** The rows at the given positions, in that order, over the same id maps. */
    public Interactions select(int[] rows) {
        int[] u = new int[rows.length];
        int[] i = new int[rows.length];
        float[] v = new float[rows.length];
        long[] t = new long[rows.length];
        for (int k = 0; k < rows.length; k++) {
            int r = rows[k];
            u[k] = user[r];
            i[k] = item[r];
            v[k] = value[r];
            t[k] = timestamp[r];
        }
        return new Interactions(users, items, u, i, v, t);
    }

    /**
     * The rows of every part, part after part, in a log over the parts' id maps; every part must use
     * the same id map instances; an empty list is an error.
     */
    public static Interactions concat(List<Interactions> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no logs to concatenate");
        }
        Interactions first = parts.get(0);
        int size = 0;
        for (int p = 0; p < parts.size(); p++) {
            Interactions part = parts.get(p);
            if (part.users != first.users || part.items != first.items) {
                throw new IllegalArgumentException("log " + p + " of " + parts.size()
                        + " uses other user or item id maps than log 0");
            }
            size += part.size();
        }
        int[] u = new int[size];
        int[] i = new int[size];
        float[] v = new float[size];
        long[] t = new long[size];
        int at = 0;
        for (Interactions part : parts) {
            int n = part.size();
            System.arraycopy(part.user, 0, u, at, n);
            System.arraycopy(part.item, 0, i, at, n);
            System.arraycopy(part.value, 0, v, at, n);
            System.arraycopy(part.timestamp, 0, t, at, n);
            at += n;
        }
        return new Interactions(first.users, first.items, u, i, v, t);
    }

    /** Number of distinct users that have at least one row. */
    public int distinctUsers() {
        return (int) Arrays.stream(user).distinct().count();
    }

    /** Number of distinct items that have at least one row. */
    public int distinctItems() {
        return (int) Arrays.stream(item).distinct().count();
    }
}
