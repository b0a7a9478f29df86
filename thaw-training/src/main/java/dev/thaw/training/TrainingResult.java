package dev.thaw.training;

import java.util.List;

/**
 * What a training run did.
 *
 * @param state              the state at the end
 * @param bestEpoch          epoch (0-based) whose weights the model holds at the end, -1 without validation
 * @param bestValidationMae  validation MAE of those weights, NaN without validation
 * @param trainLossHistory   mean query MSE per epoch of this run
 * @param stopReason         why training stopped
 * @param seconds            wall time
 */
public record TrainingResult(TrainingState state, int bestEpoch, double bestValidationMae,
                             List<Double> trainLossHistory, StopReason stopReason, double seconds) {
    /** Why a run ended. */
    public enum StopReason { MAX_EPOCHS, EARLY_STOP, TIME_BUDGET }

    public TrainingResult {
        trainLossHistory = List.copyOf(trainLossHistory);
    }
}
