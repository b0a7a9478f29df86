package dev.thaw.models.retrieval.softmax;

/**
 * Hard negatives: per row, the pool items the current model scores highest that are not excluded
 * (the user's positives), best first, optionally after skipping the very top ones.
 */
public final class HardNegatives {
    /** Whether a row must not take an item as a negative. */
    @FunctionalInterface
    public interface Exclusion {
        /** True when {@code item} is a positive of {@code row}'s user. */
        boolean excluded(int row, int item);
    }

    private HardNegatives() {
    }

    /**
     * The non-excluded pool items of each row at ranks {@code skip .. skip + count - 1} by score
     * (ties: earlier pool position first), row-major {@code [rows * count]}.
     *
     * @param scores    {@code [rows * pool.length]} row-major scores of the pool items
     * @param pool      the candidate items
     * @throws IllegalArgumentException when a row has fewer than {@code skip + count} allowed pool items
     */
    public static int[] mine(float[] scores, int rows, int[] pool, int skip, int count, Exclusion exclusion) {
        if (scores.length != rows * pool.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + rows + " rows x " + pool.length
                    + " pool items");
        }
        int[] out = new int[rows * count];
        int kept = skip + count;
        int[] best = new int[kept];
        for (int b = 0; b < rows; b++) {
            int found = 0;
            for (int p = 0; p < pool.length; p++) {
                if (exclusion.excluded(b, pool[p])) {
                    continue;
                }
                found = insert(best, found, kept, p, scores, b * pool.length);
            }
            if (found < kept) {
                throw new IllegalArgumentException("row " + b + " has only " + found + " pool items that are not its "
                        + "positives, " + kept + " needed (" + skip + " skipped + " + count + " hard negatives)");
            }
            for (int k = 0; k < count; k++) {
                out[b * count + k] = pool[best[skip + k]];
            }
        }
        return out;
    }

    /**
     * Inserts pool position p into the descending list {@code best[0 .. size)} (capacity
     * {@code count}) when it scores higher than the last kept; ties keep the earlier position.
     */
    private static int insert(int[] best, int size, int count, int p, float[] scores, int offset) {
        float s = scores[offset + p];
        if (size == count && s <= scores[offset + best[count - 1]]) {
            return size;
        }
        int at = Math.min(size, count - 1);
        while (at > 0 && scores[offset + best[at - 1]] < s) {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = p;
        return Math.min(size + 1, count);
    }
}
