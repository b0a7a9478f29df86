package dev.thaw.models.retrieval.twotower;

import dev.thaw.data.Seeds;
import dev.thaw.data.split.UserItems;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Each row's history for the user tower in CSR form: row b pools {@code items[offsets[b] .. offsets[b+1])}.
 * {@link UserItems} keeps no time order, so a user with more known items than the cap contributes a
 * random subset of them (seeded), not the most recent ones.
 *
 * @param items   history items, row after row
 * @param offsets start of each row, plus the total at the end
 */
public record HistoryBags(int[] items, int[] offsets) {
    private static final long SERVING_SEED = Seeds.label("two-tower/serving-history");

    /** Rows without history (the bag pools to zeros). */
    public static HistoryBags empty(int rows) {
        return new HistoryBags(new int[0], new int[rows + 1]);
    }

    /**
     * The bags of {@code users}: each user's items minus {@code excluded[b]} (the row's training label,
     * so that the tower cannot copy it; null excludes nothing), at most {@code cap} of them, a random
     * subset drawn with {@code random} when there are more.
     */
    public static HistoryBags of(UserItems known, int[] users, int[] excluded, int cap, SplittableRandom random) {
        return of(known, users, excluded, cap, row -> random);
    }

    /**
     * The bags for serving: each user's items, at most {@code cap}, the subset fixed per user (seeded
     * by the user index) so that a user's query never depends on which other users share the call.
     */
    public static HistoryBags forServing(UserItems known, int[] users, int cap) {
        return of(known, users, null, cap, row -> Seeds.derive(SERVING_SEED, users[row]));
    }

    private static HistoryBags of(UserItems known, int[] users, int[] excluded, int cap,
                                  IntFunction<SplittableRandom> randomOfRow) {
        int[] offsets = new int[users.length + 1];
        int[] flat = new int[(int) Math.min((long) users.length * cap, 1 << 20)];
        for (int b = 0; b < users.length; b++) {
            int[] items = known.items(users[b]);
            int n = items.length;
            if (excluded != null) {
                int at = Arrays.binarySearch(items, excluded[b]);
                if (at >= 0) {
                    items[at] = items[--n];
                }
            }
            int take = Math.min(cap, n);
            SplittableRandom random = take < n ? randomOfRow.apply(b) : null;
            for (int k = 0; k < take && take < n; k++) { // partial Fisher-Yates: the first take entries
                int j = k + random.nextInt(n - k);
                int t = items[k];
                items[k] = items[j];
                items[j] = t;
            }
            if (offsets[b] + take > flat.length) {
                flat = Arrays.copyOf(flat, Math.max(flat.length * 2, offsets[b] + take));
            }
            System.arraycopy(items, 0, flat, offsets[b], take);
            offsets[b + 1] = offsets[b] + take;
        }
        return new HistoryBags(Arrays.copyOf(flat, offsets[users.length]), offsets);
    }
}
