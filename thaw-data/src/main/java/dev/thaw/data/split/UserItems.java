package dev.thaw.data.split;

import java.util.Arrays;

/**
 * Each user's set of items, stored compressed by row: user {@code u}'s items are
 * {@code items[offsets[u] .. offsets[u + 1])}, ascending and without repeats. Immutable.
 */
public final class UserItems {
    private final int itemCount;
    private final int[] offsets;
    private final int[] items;

    private UserItems(int itemCount, int[] offsets, int[] items) {
        this.itemCount = itemCount;
        this.offsets = offsets;
        this.items = items;
    }

    /**
     * Builds the sets from parallel (user, item) pairs; repeated pairs count once.
     *
     * @throws IllegalArgumentException when a user or item index lies outside its range
     */
    public static UserItems of(int userCount, int itemCount, int[] users, int[] pairItems) {
        if (users.length != pairItems.length) {
            throw new IllegalArgumentException("users and items differ in length: " + users.length + " vs " + pairItems.length);
        }
        int[] counts = new int[userCount + 1];
        for (int r = 0; r < users.length; r++) {
            checkIndex(users[r], userCount, "user", r);
            checkIndex(pairItems[r], itemCount, "item", r);
            counts[users[r] + 1]++;
        }
        for (int u = 0; u < userCount; u++) {
            counts[u + 1] += counts[u];
        }
        int[] fill = Arrays.copyOf(counts, userCount);
        int[] flat = new int[users.length];
        for (int r = 0; r < users.length; r++) {
            flat[fill[users[r]]++] = pairItems[r];
        }
        return deduplicated(itemCount, counts, flat);
    }

    private static UserItems deduplicated(int itemCount, int[] offsets, int[] flat) {
        int userCount = offsets.length - 1;
        int[] newOffsets = new int[userCount + 1];
        int write = 0;
        for (int u = 0; u < userCount; u++) {
            Arrays.sort(flat, offsets[u], offsets[u + 1]);
            for (int r = offsets[u]; r < offsets[u + 1]; r++) {
                if (r == offsets[u] || flat[r] != flat[r - 1]) {
                    flat[write++] = flat[r];
                }
            }
            newOffsets[u + 1] = write;
        }
        return new UserItems(itemCount, newOffsets, Arrays.copyOf(flat, write));
    }

    private static void checkIndex(int index, int count, String what, int row) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("pair " + row + ": " + what + " " + index + " outside [0, " + count + ")");
        }
    }

    /** Number of users (rows). */
    public int userCount() {
        return offsets.length - 1;
    }

    /** Number of items in the corpus (the range of item indices). */
    public int itemCount() {
        return itemCount;
    }

    /** Total number of (user, item) pairs. */
    public int pairCount() {
        return items.length;
    }

    /** Number of items of a user. */
    public int size(int user) {
        return offsets[user + 1] - offsets[user];
    }

    /** A copy of a user's items, ascending. */
    public int[] items(int user) {
        return Arrays.copyOfRange(items, offsets[user], offsets[user + 1]);
    }

    /** True when the user has the item (binary search). */
    public boolean contains(int user, int item) {
        return Arrays.binarySearch(items, offsets[user], offsets[user + 1], item) >= 0;
    }

    /** Users with at least one item, ascending. */
    public int[] nonEmptyUsers() {
        return java.util.stream.IntStream.range(0, userCount()).filter(u -> size(u) > 0).toArray();
    }

    /** Number of pairs per item (its popularity within these sets). */
    public int[] itemCounts() {
        int[] counts = new int[itemCount];
        for (int item : items) {
            counts[item]++;
        }
        return counts;
    }

    /** The user index of every pair and the item of every pair, in user-major order. */
    public int[][] pairs() {
        int[] users = new int[items.length];
        for (int u = 0; u < userCount(); u++) {
            Arrays.fill(users, offsets[u], offsets[u + 1], u);
        }
        return new int[][] {users, items.clone()};
    }
}
