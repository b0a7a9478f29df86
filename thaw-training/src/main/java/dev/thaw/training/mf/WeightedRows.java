package dev.thaw.training.mf;

import dev.thaw.data.split.UserItems;

/**
 * Observed pairs in compressed rows with a weight per pair: row r's columns are
 * {@code cols[offsets[r] .. offsets[r + 1])}. Built for users (rows = users) and transposed for items.
 */
final class WeightedRows {
    final int[] offsets;
    final int[] cols;
    final double[] weights;

    private WeightedRows(int[] offsets, int[] cols, double[] weights) {
        this.offsets = offsets;
        this.cols = cols;
        this.weights = weights;
    }

    int rowCount() {
        return offsets.length - 1;
    }

    /** Users as rows; {@code pairWeights} is aligned with {@link UserItems#pairs()}. */
    static WeightedRows ofUsers(UserItems train, double[] pairWeights) {
        int[] offsets = new int[train.userCount() + 1];
        for (int u = 0; u < train.userCount(); u++) {
            offsets[u + 1] = offsets[u] + train.size(u);
        }
        return new WeightedRows(offsets, train.pairs()[1], pairWeights.clone());
    }

    /** The same pairs with rows and columns swapped. */
    WeightedRows transposed(int columnCount) {
        int[] counts = new int[columnCount + 1];
        for (int c : cols) {
            counts[c + 1]++;
        }
        for (int c = 0; c < columnCount; c++) {
            counts[c + 1] += counts[c];
        }
        int[] fill = counts.clone();
        int[] rows = new int[cols.length];
        double[] w = new double[cols.length];
        for (int r = 0; r < rowCount(); r++) {
            for (int p = offsets[r]; p < offsets[r + 1]; p++) {
                int slot = fill[cols[p]]++;
                rows[slot] = r;
                w[slot] = weights[p];
            }
        }
        return new WeightedRows(counts, rows, w);
    }
}
