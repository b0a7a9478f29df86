package dev.thaw.models.widedeep;

/**
 * Wide&amp;Deep's hyper-parameters, validated on construction.
 *
 * @param embeddingDim  size of every deep field embedding (as MeLU: 32)
 * @param hidden1       width of the first deep layer
 * @param hidden2       width of the second deep layer
 * @param embeddingStd  standard deviation of the N(0, std^2) deep embedding initialisation
 * @param crossBuckets  size of the hashed table of user-value x item-value cross weights
 * @param learningRate  Adam step size
 * @param batchSize     training rows per step
 * @param maxEpochs     epoch limit
 * @param patience      epochs without a better validation MAE before training stops
 */
public record WideDeepConfig(int embeddingDim, int hidden1, int hidden2, double embeddingStd, int crossBuckets,
                             double learningRate, int batchSize, int maxEpochs, int patience) {
    public WideDeepConfig {
        require(embeddingDim >= 1 && hidden1 >= 1 && hidden2 >= 1, "embeddingDim, hidden1 and hidden2 must be >= 1");
        require(embeddingStd > 0, "embeddingStd must be > 0, got " + embeddingStd);
        require(crossBuckets >= 1, "crossBuckets must be >= 1, got " + crossBuckets);
        require(learningRate > 0, "learningRate must be > 0, got " + learningRate);
        require(batchSize >= 1 && maxEpochs >= 1 && patience >= 1,
                "batchSize, maxEpochs and patience must be >= 1, got " + batchSize + ", " + maxEpochs + ", "
                        + patience);
    }

    /**
     * Defaults: MeLU's embeddings and layers (32, 64-64), 2^17 cross buckets, Adam 1e-3, batch
     * 256, at most 20 epochs, patience 2.
     */
    public static WideDeepConfig defaults() {
        return new WideDeepConfig(32, 64, 64, 0.1, 1 << 17, 1e-3, 256, 20, 2);
    }

    /** This config with another epoch limit. */
    public WideDeepConfig withMaxEpochs(int epochs) {
        return new WideDeepConfig(embeddingDim, hidden1, hidden2, embeddingStd, crossBuckets, learningRate, batchSize,
                epochs, patience);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("Wide&Deep config: " + message);
        }
    }
}
