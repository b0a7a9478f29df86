package dev.thaw.training.retrieval;

import dev.thaw.models.retrieval.twotower.TrainedTwoTower;
import java.util.List;

/**
 * What a two-tower training run produced.
 *
 * @param model             the snapshot of the best validation epoch
 * @param bestEpoch         that epoch (1-based)
 * @param bestValidation    its validation score
 * @param validationHistory the validation score after each epoch
 * @param trainLossHistory  the mean batch loss of each epoch
 * @param stopReason        why training ended
 * @param steps             optimiser steps taken
 * @param seconds           wall time, validation included
 */
public record TwoTowerFit(TrainedTwoTower model, int bestEpoch, double bestValidation, List<Double> validationHistory,
                          List<Double> trainLossHistory, StopReason stopReason, long steps, double seconds) {
    /** Why a run ended. */
    public enum StopReason { MAX_EPOCHS, EARLY_STOP, TIME_BUDGET }

    public TwoTowerFit {
        validationHistory = List.copyOf(validationHistory);
        trainLossHistory = List.copyOf(trainLossHistory);
    }
}
