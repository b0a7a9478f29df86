package dev.thaw.data.split;

import dev.thaw.data.Interactions;
import dev.thaw.data.Seeds;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * MIRec's few-shot data set: every head item keeps at most {@code k} of its interactions (chosen at
 * random, seeded per item), every tail item keeps all of them, so the result keeps a long-tail shape.
 */
public final class FewShotSampler {
    private FewShotSampler() {
    }

    /** {@code rows} with each head item capped at {@code k} rows, in the original row order. */
    public static Interactions downsampleHead(Interactions rows, ItemPopularity popularity, int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int[][] rowsOfItem = rowsByItem(rows, popularity);
        boolean[] keep = new boolean[rows.size()];
        long salt = Seeds.label("few-shot/head");
        for (int i = 0; i < rowsOfItem.length; i++) {
            int[] candidates = rowsOfItem[i];
            if (popularity.isHead(i) && candidates.length > k) {
                Seeds.shuffle(candidates, Seeds.derive(seed, salt, i));
                candidates = Arrays.copyOf(candidates, k);
            }
            for (int r : candidates) {
                keep[r] = true;
            }
        }
        int[] kept = IntStream.range(0, rows.size()).filter(r -> keep[r]).toArray();
        return rows.select(kept);
    }

    private static int[][] rowsByItem(Interactions rows, ItemPopularity popularity) {
        int[][] rowsOfItem = new int[rows.items().size()][];
        for (int i = 0; i < rowsOfItem.length; i++) {
            rowsOfItem[i] = new int[popularity.count(i)];
        }
        int[] filled = new int[rowsOfItem.length];
        for (int r = 0; r < rows.size(); r++) {
            int i = rows.item(r);
            if (filled[i] == rowsOfItem[i].length) {
                throw new IllegalArgumentException("popularity was computed on other rows: item " + i
                        + " has more rows here than its count " + rowsOfItem[i].length);
            }
            rowsOfItem[i][filled[i]++] = r;
        }
        return rowsOfItem;
    }
}
