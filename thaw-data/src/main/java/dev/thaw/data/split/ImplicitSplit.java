package dev.thaw.data.split;

import dev.thaw.data.Interactions;
import dev.thaw.data.Seeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Implicit-feedback split for retrieval: a row is a positive when its value is at least a
 * threshold (e.g. rating >= 4); each user's positives are divided into train, validation and
 * test parts. Users with fewer than {@link #MIN_POSITIVES_TO_HOLD_OUT} positives keep them all in
 * train. Per user, validation and test each get {@code max(1, round(fraction * n))} positives: the
 * latest ones under {@link Order#TIME} (test after validation after train), a seeded random choice
 * under {@link Order#RANDOM}. Under TIME, a user with any untimestamped positive is split at random
 * instead, and counted in {@link #usersSplitRandomly()}. Repeated positives of one item count once
 * (the first), so the three parts are disjoint per user.
 *
 * @param train               training positives
 * @param validation          validation positives (for model selection)
 * @param test                test positives (for reporting only)
 * @param threshold           smallest value that counts as a positive
 * @param order               how held-out positives were chosen
 * @param usersSplitRandomly  users split at random although TIME was asked (missing timestamps)
 * @param seed                the seed of the random choices
 */
public record ImplicitSplit(UserItems train, UserItems validation, UserItems test, float threshold, Order order,
                            int usersSplitRandomly, long seed) {
    /** Users need at least this many positives to contribute validation and test items. */
    public static final int MIN_POSITIVES_TO_HOLD_OUT = 3;

    /** How each user's held-out positives are chosen. */
    public enum Order { TIME, RANDOM }

    /** Number of users (all users of the log, including those without positives). */
    public int userCount() {
        return train.userCount();
    }

    /** Number of items of the corpus (all items of the log). */
    public int itemCount() {
        return train.itemCount();
    }

    /**
     * Splits a log.
     *
     * @param fraction share of each user's positives for validation and again for test, in (0, 0.5)
     */
    public static ImplicitSplit of(Interactions rows, float threshold, double fraction, Order order, long seed) {
        if (!(fraction > 0 && fraction < 0.5)) {
            throw new IllegalArgumentException("fraction must lie in (0, 0.5), got " + fraction);
        }
        List<List<Integer>> positivesByUser = positivesByUser(rows, threshold);
        Parts parts = new Parts();
        int randomUsers = 0;
        for (int u = 0; u < positivesByUser.size(); u++) {
            int[] positiveRows = positivesByUser.get(u).stream().mapToInt(Integer::intValue).toArray();
            boolean byTime = order == Order.TIME && allTimestamped(rows, positiveRows);
            if (order == Order.TIME && !byTime && positiveRows.length >= MIN_POSITIVES_TO_HOLD_OUT) {
                randomUsers++;
            }
            arrange(rows, positiveRows, byTime, Seeds.derive(seed, Seeds.label("implicit-split"), u));
            parts.add(rows, u, firstOccurrences(rows, positiveRows), fraction);
        }
        int users = rows.users().size();
        int items = rows.items().size();
        return new ImplicitSplit(parts.train.build(users, items), parts.validation.build(users, items),
                parts.test.build(users, items), threshold, order, randomUsers, seed);
    }

    private static List<List<Integer>> positivesByUser(Interactions rows, float threshold) {
        List<List<Integer>> byUser = new ArrayList<>();
        for (int u = 0; u < rows.users().size(); u++) {
            byUser.add(new ArrayList<>());
        }
        for (int r = 0; r < rows.size(); r++) {
            if (rows.value(r) >= threshold) {
                byUser.get(rows.user(r)).add(r);
            }
        }
        return byUser;
    }

    private static boolean allTimestamped(Interactions rows, int[] positiveRows) {
        return Arrays.stream(positiveRows).allMatch(r -> rows.timestamp(r) != Interactions.NO_TIMESTAMP);
    }

    /** Orders a user's rows so that the held-out ones come last: by (timestamp, row) or shuffled. */
    private static void arrange(Interactions rows, int[] positiveRows, boolean byTime, SplittableRandom random) {
        if (byTime) {
            Integer[] boxed = Arrays.stream(positiveRows).boxed().toArray(Integer[]::new);
            Arrays.sort(boxed, (a, b) -> rows.timestamp(a) != rows.timestamp(b)
                    ? Long.compare(rows.timestamp(a), rows.timestamp(b)) : Integer.compare(a, b));
            for (int k = 0; k < boxed.length; k++) {
                positiveRows[k] = boxed[k];
            }
        } else {
            Seeds.shuffle(positiveRows, random);
        }
    }

    /** Drops repeated positives of the same item, keeping the first in the arranged order. */
    private static int[] firstOccurrences(Interactions rows, int[] orderedRows) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        return Arrays.stream(orderedRows).filter(r -> seen.add(rows.item(r))).toArray();
    }

    private static final class Parts {
        final PairList train = new PairList();
        final PairList validation = new PairList();
        final PairList test = new PairList();

        void add(Interactions rows, int user, int[] orderedRows, double fraction) {
            int n = orderedRows.length;
            int heldOut = n >= MIN_POSITIVES_TO_HOLD_OUT ? Math.max(1, (int) Math.round(fraction * n)) : 0;
            for (int k = 0; k < n; k++) {
                PairList target = k < n - 2 * heldOut ? train : k < n - heldOut ? validation : test;
                target.add(user, rows.item(orderedRows[k]));
            }
        }
    }

    private static final class PairList {
        private int[] users = new int[16];
        private int[] items = new int[16];
        private int size;

        void add(int user, int item) {
            if (size == users.length) {
                users = Arrays.copyOf(users, size * 2);
                items = Arrays.copyOf(items, size * 2);
            }
            users[size] = user;
            items[size++] = item;
        }

        UserItems build(int userCount, int itemCount) {
            return UserItems.of(userCount, itemCount, Arrays.copyOf(users, size), Arrays.copyOf(items, size));
        }
    }
}
