package dev.thaw.models.retrieval.softmax;

/**
 * The items behind the columns of a [rows, columns] logit matrix: {@code items[row * columns + column]},
 * and per row the column that holds its positive (label). Layouts differ by loss (shared
 * candidates, label column plus shared negatives, per-row negatives) but every correction and mask
 * needs only this view.
 *
 * @param rows         batch rows
 * @param columns      candidates per row
 * @param items        candidate item of each cell, row-major, {@code rows * columns} entries
 * @param labelColumns the positive's column in each row
 */
public record Candidates(int rows, int columns, int[] items, int[] labelColumns) {
    public Candidates {
        if (rows < 1 || columns < 1 || items.length != rows * columns || labelColumns.length != rows) {
            throw new IllegalArgumentException("candidates need rows * columns items and one label column per row, got "
                    + rows + " x " + columns + " with " + items.length + " items and " + labelColumns.length
                    + " label columns");
        }
        for (int b = 0; b < rows; b++) {
            if (labelColumns[b] < 0 || labelColumns[b] >= columns) {
                throw new IllegalArgumentException("row " + b + ": label column " + labelColumns[b] + " outside [0, "
                        + columns + ")");
            }
        }
    }

    /** Every row scores the same candidates, {@code shared}; row b's label sits at {@code labelColumns[b]}. */
    public static Candidates shared(int[] shared, int[] labelColumns) {
        int rows = labelColumns.length;
        int[] items = new int[rows * shared.length];
        for (int b = 0; b < rows; b++) {
            System.arraycopy(shared, 0, items, b * shared.length, shared.length);
        }
        return new Candidates(rows, shared.length, items, labelColumns.clone());
    }

    /**
     * Row b scores its label in column 0, then {@code negatives[b * k .. (b + 1) * k)} (k = negatives
     * per row; pass the same k items for every row for shared negatives).
     */
    public static Candidates labelFirst(int[] labels, int[] negatives) {
        int rows = labels.length;
        if (rows == 0 || negatives.length % rows != 0) {
            throw new IllegalArgumentException(negatives.length + " negatives do not divide into " + rows + " rows");
        }
        int k = negatives.length / rows;
        int[] items = new int[rows * (k + 1)];
        for (int b = 0; b < rows; b++) {
            items[b * (k + 1)] = labels[b];
            System.arraycopy(negatives, b * k, items, b * (k + 1) + 1, k);
        }
        return new Candidates(rows, k + 1, items, new int[rows]);
    }

    /** The item in a cell. */
    public int item(int row, int column) {
        return items[row * columns + column];
    }

    /** Row b's positive item. */
    public int label(int row) {
        return item(row, labelColumns[row]);
    }
}
