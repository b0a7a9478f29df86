package dev.thaw.training;

/** Hooks a {@link MetaTrainer} calls; every method does nothing by default. */
public interface TrainingListener {
    /** Before the first meta-step. */
    default void onStart(TrainingPlan plan) {
    }

    /** After each global update. */
    default void onMetaStep(MetaStepEvent event) {
    }

    /** After each epoch's validation; {@code state} is what a resumed run needs. */
    default void onEpochEnd(EpochEvent event) {
    }

    /** After training, once the best weights are restored. */
    default void onEnd(TrainingResult result) {
    }

    /**
     * What a run will do.
     *
     * @param firstEpoch     epoch the run starts at (0, or later when resumed)
     * @param maxEpochs      epoch limit
     * @param stepsPerEpoch  global updates per epoch
     * @param tasksPerEpoch  training tasks per epoch
     * @param timeBudgetNanos wall-time limit, 0 for none
     */
    record TrainingPlan(int firstEpoch, int maxEpochs, int stepsPerEpoch, int tasksPerEpoch, long timeBudgetNanos) {
    }

    /**
     * One global update.
     *
     * @param epoch        current epoch
     * @param step         step within the epoch (0-based)
     * @param tasks        tasks in this meta-batch
     * @param queryLoss    mean query MSE of the meta-batch after the local update, before the global update
     * @param elapsedNanos wall time since the run started
     */
    record MetaStepEvent(int epoch, int step, int tasks, double queryLoss, long elapsedNanos) {
    }

    /**
     * The end of an epoch.
     *
     * @param state         the resumable state after this epoch
     * @param trainLoss     mean query MSE over the epoch's meta-batches
     * @param validationMae validation MAE after adaptation, NaN without validation tasks
     * @param improved      true when this epoch is the best so far
     * @param optimizerState the optimiser's state after the epoch, for an exact resume
     *                       ({@link dev.thaw.engine.optim.Optimizer#exportState})
     */
    record EpochEvent(TrainingState state, double trainLoss, double validationMae, boolean improved,
                      java.util.Map<String, dev.thaw.engine.Tensor> optimizerState) {
    }
}
