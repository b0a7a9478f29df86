package dev.thaw.models.retrieval.twotower;

import java.util.List;

/**
 * Two-tower hyper-parameters, validated on construction.
 *
 * @param dim          output size of both towers (the embedding dimension d)
 * @param fieldDim     size of each feature field's embedding
 * @param idDim        size of the user-ID and item-ID embeddings (the history bag uses the item-ID table)
 * @param hidden       widths of each tower's hidden layers (ReLU), possibly none
 * @param userId       the user tower reads a user-ID embedding
 * @param itemId       the item tower reads an item-ID embedding
 * @param historySize  the user tower mean-pools the item-ID embeddings of at most this many of the
 *                     user's known items (0: no history)
 * @param normalize    L2-normalise both towers' outputs (scores become cosines)
 * @param temperature  training logits are scores divided by it (ranking does not depend on it)
 * @param embeddingStd standard deviation of the N(0, std^2) embedding initialisation
 */
public record TwoTowerConfig(int dim, int fieldDim, int idDim, List<Integer> hidden, boolean userId, boolean itemId,
                             int historySize, boolean normalize, double temperature, double embeddingStd) {
    public TwoTowerConfig {
        hidden = List.copyOf(hidden);
        require(dim >= 1 && fieldDim >= 1 && idDim >= 1, "dim, fieldDim and idDim must be >= 1");
        require(hidden.stream().allMatch(h -> h >= 1), "hidden widths must be >= 1, got " + hidden);
        require(historySize >= 0, "historySize must be >= 0, got " + historySize);
        require(temperature > 0, "temperature must be > 0, got " + temperature);
        require(embeddingStd > 0, "embeddingStd must be > 0, got " + embeddingStd);
    }

    /**
     * Defaults: d = 64, field embeddings 16, ID embeddings 32, one hidden layer of 128, item ID on,
     * user ID off (the history bag carries the user's identity), a bag of 100 history items,
     * L2-normalised outputs with temperature 0.05.
     */
    public static TwoTowerConfig defaults() {
        return new TwoTowerConfig(64, 16, 32, List.of(128), false, true, 100, true, 0.05, 0.05);
    }

    /** This config with the user-ID and item-ID embeddings on or off. */
    public TwoTowerConfig withIds(boolean user, boolean item) {
        return new TwoTowerConfig(dim, fieldDim, idDim, hidden, user, item, historySize, normalize, temperature,
                embeddingStd);
    }

    /** This config with another history bag size. */
    public TwoTowerConfig withHistorySize(int size) {
        return new TwoTowerConfig(dim, fieldDim, idDim, hidden, userId, itemId, size, normalize, temperature,
                embeddingStd);
    }

    /** This config with normalisation and temperature set. */
    public TwoTowerConfig withScoring(boolean l2Normalize, double temp) {
        return new TwoTowerConfig(dim, fieldDim, idDim, hidden, userId, itemId, historySize, l2Normalize, temp,
                embeddingStd);
    }

    /** This config with other sizes. */
    public TwoTowerConfig withSizes(int outputDim, List<Integer> hiddenWidths) {
        return new TwoTowerConfig(outputDim, fieldDim, idDim, hiddenWidths, userId, itemId, historySize, normalize,
                temperature, embeddingStd);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("two-tower config: " + message);
        }
    }
}
