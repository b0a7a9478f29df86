package dev.thaw.data.synthetic;

import dev.thaw.data.RecDataset;

/**
 * A generated dataset together with the planted truth that produced it: taste vectors, item
 * biases and group memberships, so tests can check that a model recovers what was planted.
 */
public final class SyntheticData {
    private final SyntheticConfig config;
    private final RecDataset dataset;
    private final float[][] userTaste;
    private final float[][] itemTaste;
    private final float[] itemBias;
    private final int[] userGroup;
    private final int[] itemGroup;

    SyntheticData(SyntheticConfig config, RecDataset dataset, float[][] userTaste, float[][] itemTaste,
                  float[] itemBias, int[] userGroup, int[] itemGroup) {
        this.config = config;
        this.dataset = dataset;
        this.userTaste = userTaste;
        this.itemTaste = itemTaste;
        this.itemBias = itemBias;
        this.userGroup = userGroup;
        this.itemGroup = itemGroup;
    }

    /** The settings this data was generated with. */
    public SyntheticConfig config() {
        return config;
    }

    /** Interactions plus user features (gender, age, occupation) and item features (genre, tags, price). */
    public RecDataset dataset() {
        return dataset;
    }

    /**
     * The planted noiseless score of a (user, item) pair: taste dot product / sqrt(latentDim) plus
     * the item's bias. A rating is round(3 + score + noise) clipped to 1..5; a click is
     * score + noise > 0.
     */
    public double trueScore(int user, int item) {
        return score(userTaste[user], itemTaste[item], itemBias[item]);
    }

    static double score(float[] userTaste, float[] itemTaste, float itemBias) {
        double dot = 0;
        for (int k = 0; k < userTaste.length; k++) {
            dot += userTaste[k] * itemTaste[k];
        }
        return dot / Math.sqrt(userTaste.length) + itemBias;
    }

    /** The planted group of a user (0 when there are no groups). */
    public int userGroup(int user) {
        return userGroup[user];
    }

    /** The planted group of an item (0 when there are no groups). */
    public int itemGroup(int item) {
        return itemGroup[item];
    }
}
