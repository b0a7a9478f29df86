package dev.thaw.training.retrieval;

import dev.thaw.engine.optim.OptimizerConfig;
import java.time.Duration;

/**
 * How a {@link TwoTowerTrainer} runs, validated on construction.
 *
 * @param optimizer  the optimiser (Adam by default)
 * @param batchSize  (user, positive item) pairs per step
 * @param maxEpochs  passes over the training pairs at most
 * @param timeBudget wall-time limit of training, {@link Duration#ZERO} for none (validation included)
 * @param patience   epochs without a better validation score before training stops
 * @param seed       seed of the pair order and of every draw of the loss (the caller seeds the initial weights)
 */
public record TwoTowerTrainingConfig(OptimizerConfig optimizer, int batchSize, int maxEpochs, Duration timeBudget,
                                     int patience, long seed) {
    public TwoTowerTrainingConfig {
        require(batchSize >= 2, "batchSize must be >= 2, got " + batchSize);
        require(maxEpochs >= 1, "maxEpochs must be >= 1, got " + maxEpochs);
        require(!timeBudget.isNegative(), "timeBudget must not be negative, got " + timeBudget);
        require(patience >= 1, "patience must be >= 1, got " + patience);
    }

    /** Adam 3e-3, batches of 512 pairs, at most 20 epochs, no time limit, patience 2. */
    public static TwoTowerTrainingConfig defaults(long seed) {
        return new TwoTowerTrainingConfig(OptimizerConfig.adam(3e-3), 512, 20, Duration.ZERO, 2, seed);
    }

    /** This config with another epoch limit. */
    public TwoTowerTrainingConfig withMaxEpochs(int epochs) {
        return new TwoTowerTrainingConfig(optimizer, batchSize, epochs, timeBudget, patience, seed);
    }

    /** This config with a wall-time limit. */
    public TwoTowerTrainingConfig withTimeBudget(Duration budget) {
        return new TwoTowerTrainingConfig(optimizer, batchSize, maxEpochs, budget, patience, seed);
    }

    /** This config with another batch size. */
    public TwoTowerTrainingConfig withBatchSize(int size) {
        return new TwoTowerTrainingConfig(optimizer, size, maxEpochs, timeBudget, patience, seed);
    }

    /** This config with another seed. */
    public TwoTowerTrainingConfig withSeed(long value) {
        return new TwoTowerTrainingConfig(optimizer, batchSize, maxEpochs, timeBudget, patience, value);
    }

    /** This config with another optimiser. */
    public TwoTowerTrainingConfig withOptimizer(OptimizerConfig config) {
        return new TwoTowerTrainingConfig(config, batchSize, maxEpochs, timeBudget, patience, seed);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("two-tower training config: " + message);
        }
    }
}
