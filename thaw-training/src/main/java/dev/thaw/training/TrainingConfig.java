package dev.thaw.training;

import dev.thaw.engine.optim.OptimizerConfig;
import java.time.Duration;

/**
 * How a {@link MetaTrainer} runs, validated on construction.
 *
 * @param optimizer     the global (outer) optimiser
 * @param metaBatchSize tasks per global update
 * @param maxEpochs     passes over the training tasks at most
 * @param timeBudget    wall-time limit of training, {@link Duration#ZERO} for none
 * @param threads       threads the tasks of a meta-batch run on (results do not depend on it)
 * @param taskChunk     tasks evaluated together in one task-batched graph; 1 = one graph per task
 * @param seed          seed of the task order (epoch e of a seed is always the same)
 */
public record TrainingConfig(OptimizerConfig optimizer, int metaBatchSize, int maxEpochs, Duration timeBudget,
                             int threads, int taskChunk, long seed) {
    public TrainingConfig {
        require(metaBatchSize >= 1, "metaBatchSize must be >= 1, got " + metaBatchSize);
        require(maxEpochs >= 1, "maxEpochs must be >= 1, got " + maxEpochs);
        require(!timeBudget.isNegative(), "timeBudget must not be negative, got " + timeBudget);
        require(threads >= 1, "threads must be >= 1, got " + threads);
        require(taskChunk >= 1, "taskChunk must be >= 1, got " + taskChunk);
    }

    /** Adam at {@code metaLearningRate}, no time limit, one thread, one graph per task. */
    public static TrainingConfig of(double metaLearningRate, int metaBatchSize, int maxEpochs, long seed) {
        return new TrainingConfig(OptimizerConfig.adam(metaLearningRate), metaBatchSize, maxEpochs, Duration.ZERO, 1,
                1, seed);
    }

    /** This config with a wall-time limit. */
    public TrainingConfig withTimeBudget(Duration budget) {
        return new TrainingConfig(optimizer, metaBatchSize, maxEpochs, budget, threads, taskChunk, seed);
    }

    /** This config on {@code count} threads. */
    public TrainingConfig withThreads(int count) {
        return new TrainingConfig(optimizer, metaBatchSize, maxEpochs, timeBudget, count, taskChunk, seed);
    }

    /** This config evaluating {@code tasks} tasks per task-batched graph. */
    public TrainingConfig withTaskChunk(int tasks) {
        return new TrainingConfig(optimizer, metaBatchSize, maxEpochs, timeBudget, threads, tasks, seed);
    }

    /** This config with another epoch limit. */
    public TrainingConfig withMaxEpochs(int epochs) {
        return new TrainingConfig(optimizer, metaBatchSize, epochs, timeBudget, threads, taskChunk, seed);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("training config: " + message);
        }
    }
}
