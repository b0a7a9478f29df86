package dev.thaw.models.retrieval.softmax;

import dev.thaw.data.split.UserItems;

/**
 * Which negative cells are accidental hits: candidates that are in fact positives of the row's
 * user and so must not be pushed down. A masked cell's logit is removed from the softmax (its
 * probability and gradient become exactly zero); the label cell is never masked.
 */
public enum AccidentalHits {
    /** Keep every negative. */
    NONE,
    /**
     * Mask negatives equal to the row's label item only (TensorFlow Recommenders' rule; in-batch this
     * catches nothing but duplicates of the label within the batch).
     */
    LABEL,
    /** Mask negatives that are any training positive of the row's user (the label included). */
    USER_POSITIVES;

    /**
     * The mask of a batch, row-major like {@code candidates.items()}.
     *
     * @param users     the user of each row
     * @param positives every user's training positives (used by {@link #USER_POSITIVES})
     */
    public boolean[] mask(Candidates candidates, int[] users, UserItems positives) {
        if (users.length != candidates.rows()) {
            throw new IllegalArgumentException(users.length + " users for " + candidates.rows() + " candidate rows");
        }
        boolean[] masked = new boolean[candidates.items().length];
        if (this == NONE) {
            return masked;
        }
        int columns = candidates.columns();
        for (int b = 0; b < candidates.rows(); b++) {
            int label = candidates.label(b);
            for (int c = 0; c < columns; c++) {
                int item = candidates.item(b, c);
                boolean hit = item == label || (this == USER_POSITIVES && positives.contains(users[b], item));
                masked[b * columns + c] = c != candidates.labelColumns()[b] && hit;
            }
        }
        return masked;
    }
}
