package dev.thaw.training;

import java.util.List;

/**
 * Where a run stands after an epoch: enough, with the model's weights, to resume it.
 *
 * @param epochsDone        completed epochs
 * @param metaSteps         global updates taken
 * @param validationHistory validation MAE per completed epoch
 */
public record TrainingState(int epochsDone, long metaSteps, List<Double> validationHistory) {
    /** File name of a training state inside a checkpoint. */
    public static final String FILE = "training-state.json";

    public TrainingState {
        validationHistory = List.copyOf(validationHistory);
        if (epochsDone < 0 || metaSteps < 0) {
            throw new IllegalArgumentException("training state counts must be >= 0");
        }
    }

    /** The state of a run that has not started. */
    public static TrainingState initial() {
        return new TrainingState(0, 0, List.of());
    }
}
