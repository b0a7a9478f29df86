package dev.thaw.data.split;

import dev.thaw.data.Interactions;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Head and tail items by interaction count. Among the items with at least one interaction, the
 * {@code ceil(headFraction * count)} most frequent (ties: lower item index first) are the head;
 * every other item, including items never interacted with, is the tail.
 */
public final class ItemPopularity {
    /** The default head: the most popular 20% of items. */
    public static final double DEFAULT_HEAD_FRACTION = 0.2;

    private final int[] counts;
    private final BitSet head;

    private ItemPopularity(int[] counts, BitSet head) {
        this.counts = counts;
        this.head = head;
    }

    /** Popularity of the items of {@code rows}, with the given head fraction in (0, 1]. */
    public static ItemPopularity of(Interactions rows, double headFraction) {
        int[] counts = new int[rows.items().size()];
        for (int r = 0; r < rows.size(); r++) {
            counts[rows.item(r)]++;
        }
        return ofCounts(counts, headFraction);
    }

    /** Popularity from per-item interaction counts (e.g. {@link UserItems#itemCounts()}), with the given head fraction in (0, 1]. */
    public static ItemPopularity ofCounts(int[] itemCounts, double headFraction) {
        if (!(headFraction > 0 && headFraction <= 1)) {
            throw new IllegalArgumentException("headFraction must lie in (0, 1], got " + headFraction);
        }
        int[] counts = itemCounts.clone();
        int[] byPopularity = IntStream.range(0, counts.length).filter(i -> counts[i] > 0).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> -counts[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        int headSize = (int) Math.ceil(headFraction * byPopularity.length);
        BitSet head = new BitSet(counts.length);
        for (int k = 0; k < headSize; k++) {
            head.set(byPopularity[k]);
        }
        return new ItemPopularity(counts, head);
    }

    /** Number of interactions of an item. */
    public int count(int item) {
        return counts[item];
    }

    /** True for a head item. */
    public boolean isHead(int item) {
        return head.get(item);
    }

    /** Head item indices, ascending. */
    public int[] headItems() {
        return head.stream().toArray();
    }

    /** Tail item indices (including never-seen items), ascending. */
    public int[] tailItems() {
        return IntStream.range(0, counts.length).filter(i -> !head.get(i)).toArray();
    }

    /** Share of all interactions that fall on head items. */
    public double headInteractionShare() {
        long total = Arrays.stream(counts).asLongStream().sum();
        long onHead = head.stream().mapToLong(i -> counts[i]).sum();
        return total == 0 ? 0 : onHead / (double) total;
    }
}
