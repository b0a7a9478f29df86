package dev.thaw.data.split;

import dev.thaw.data.Interactions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One user's items in order, with their timestamps ({@link Interactions#NO_TIMESTAMP} for a
 * sequence in file order). Build with {@link #chronological} where the log has timestamps, or
 * explicitly with {@link #fileOrder} where it has none.
 */
public record UserSequence(int user, int[] items, long[] timestamps) {
    public UserSequence {
        if (items.length != timestamps.length) {
            throw new IllegalArgumentException("user " + user + ": " + items.length + " items but "
                    + timestamps.length + " timestamps");
        }
        items = items.clone();
        timestamps = timestamps.clone();
    }

    /** The items (a copy). */
    @Override
    public int[] items() {
        return items.clone();
    }

    /** The timestamps (a copy). */
    @Override
    public long[] timestamps() {
        return timestamps.clone();
    }

    /** Number of items. */
    public int length() {
        return items.length;
    }

    /** True when every position has a real timestamp. */
    public boolean timestamped() {
        return Arrays.stream(timestamps).noneMatch(t -> t == Interactions.NO_TIMESTAMP);
    }

    /**
     * Per user (in order of first row), the items sorted by timestamp, ties in file order. Fails,
     * counting them, when rows lack timestamps: use {@link #fileOrder} to accept the log's order.
     */
    public static List<UserSequence> chronological(Interactions rows) {
        int missing = 0;
        for (int r = 0; r < rows.size(); r++) {
            missing += rows.timestamp(r) == Interactions.NO_TIMESTAMP ? 1 : 0;
        }
        if (missing > 0) {
            throw new IllegalArgumentException(missing + " of " + rows.size() + " rows have no timestamp, so no"
                    + " chronological order exists; call UserSequence.fileOrder to use the log's row order instead");
        }
        return build(rows, true);
    }

    /** Per user (in order of first row), the items in the log's row order, timestamps kept as they are. */
    public static List<UserSequence> fileOrder(Interactions rows) {
        return build(rows, false);
    }

    private static List<UserSequence> build(Interactions rows, boolean sortByTime) {
        List<List<Integer>> rowsOfUser = new ArrayList<>();
        int[] slot = new int[rows.users().size()];
        Arrays.fill(slot, -1);
        List<Integer> userOfSlot = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            int u = rows.user(r);
            if (slot[u] < 0) {
                slot[u] = rowsOfUser.size();
                rowsOfUser.add(new ArrayList<>());
                userOfSlot.add(u);
            }
            rowsOfUser.get(slot[u]).add(r);
        }
        List<UserSequence> out = new ArrayList<>(rowsOfUser.size());
        for (int s = 0; s < rowsOfUser.size(); s++) {
            List<Integer> own = rowsOfUser.get(s);
            if (sortByTime) {
                own.sort((a, b) -> Long.compare(rows.timestamp(a), rows.timestamp(b)));
            }
            int[] items = own.stream().mapToInt(rows::item).toArray();
            long[] times = own.stream().mapToLong(rows::timestamp).toArray();
            out.add(new UserSequence(userOfSlot.get(s), items, times));
        }
        return List.copyOf(out);
    }
}
