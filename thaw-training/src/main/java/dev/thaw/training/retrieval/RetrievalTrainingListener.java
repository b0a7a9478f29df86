package dev.thaw.training.retrieval;

/** Hooks a {@link TwoTowerTrainer} calls; every method does nothing by default. */
public interface RetrievalTrainingListener {
    /** Before the first step. */
    default void onStart(Plan plan) {
    }

    /** After each optimiser step. */
    default void onStep(Step step) {
    }

    /** After each epoch's validation. */
    default void onEpochEnd(Epoch epoch) {
    }

    /** After training, once the best snapshot is chosen. */
    default void onEnd(TwoTowerFit fit) {
    }

    /**
     * What a run will do.
     *
     * @param maxEpochs       epoch limit
     * @param stepsPerEpoch   optimiser steps per epoch
     * @param pairsPerEpoch   training pairs per epoch
     * @param timeBudgetNanos wall-time limit, 0 for none
     */
    record Plan(int maxEpochs, int stepsPerEpoch, int pairsPerEpoch, long timeBudgetNanos) {
    }

    /**
     * One optimiser step.
     *
     * @param epoch        current epoch (0-based)
     * @param step         step within the epoch (0-based)
     * @param pairs        pairs in this batch
     * @param loss         the batch loss before the step
     * @param elapsedNanos wall time since the run started
     */
    record Step(int epoch, int step, int pairs, double loss, long elapsedNanos) {
    }

    /**
     * The end of an epoch (or of the part of it the time budget allowed).
     *
     * @param epoch      epochs done (1-based)
     * @param trainLoss  mean batch loss over the epoch
     * @param validation the validation score (higher is better)
     * @param improved   true when this epoch is the best so far
     */
    record Epoch(int epoch, double trainLoss, double validation, boolean improved) {
    }
}
