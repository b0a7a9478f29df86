package dev.thaw.training;

import dev.thaw.data.task.FeatureBatch;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import dev.thaw.engine.optim.Optimizer;
import dev.thaw.engine.optim.OptimizerConfig;
import dev.thaw.models.Adaptation;
import dev.thaw.models.MetaModel;
import dev.thaw.models.RatingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ordinary (non-meta) training of a rating model on rating rows: minibatch MSE with the optimiser,
 * one epoch = one pass over the batches the caller supplies. After each epoch the validation tasks
 * are scored, after the model's local update for {@link #fit} (the "train normally, fine-tune per
 * user" baseline) or without any adaptation for {@link #fitWithoutAdaptation}, and the best epoch's
 * weights are kept; stops after {@code patience} epochs without improvement.
 */
public final class SupervisedTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedTrainer.class);

    private final OptimizerConfig optimizer;
    private final int maxEpochs;
    private final int patience;

    /** A trainer with an optimiser, an epoch limit and early-stopping patience (epochs). */
    public SupervisedTrainer(OptimizerConfig optimizer, int maxEpochs, int patience) {
        if (maxEpochs < 1 || patience < 1) {
            throw new IllegalArgumentException("maxEpochs and patience must be >= 1, got " + maxEpochs + ", " + patience);
        }
        this.optimizer = optimizer;
        this.maxEpochs = maxEpochs;
        this.patience = patience;
    }

    /**
     * Trains {@code model} in place, validating after its local update on each task's support;
     * {@code batchesOfEpoch} gives epoch e's batches. Returns the validation history.
     */
    public List<Double> fit(MetaModel model, IntFunction<List<FeatureBatch>> batchesOfEpoch,
                            List<TaskBatch> validation, int threads) {
        return train(model, batchesOfEpoch, validation, threads, "after fine-tuning",
                task -> Adaptation.predict(model, task.support(), task.query(), true));
    }

    /** As {@link #fit}, but validates the model's predictions without adaptation (it never sees the support). */
    public List<Double> fitWithoutAdaptation(RatingModel model, IntFunction<List<FeatureBatch>> batchesOfEpoch,
                                             List<TaskBatch> validation, int threads) {
        return train(model, batchesOfEpoch, validation, threads, "without adaptation",
                task -> Adaptation.predict(model, task.query()));
    }

    private List<Double> train(RatingModel model, IntFunction<List<FeatureBatch>> batchesOfEpoch,
                               List<TaskBatch> validation, int threads, String mode,
                               Function<TaskBatch, float[]> predictor) {
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("supervised training needs validation tasks for early stopping");
        }
        List<Parameter> parameters = model.parameters().values().stream().filter(p -> !p.frozen()).toList();
        Optimizer adam = new Optimizer(optimizer, parameters);
        List<Double> history = new ArrayList<>();
        float[][] best = null;
        int bestEpoch = -1;
        try (TaskParallel runner = new TaskParallel(threads)) {
            for (int epoch = 0; epoch < maxEpochs && epoch - bestEpoch <= patience; epoch++) {
                for (FeatureBatch batch : batchesOfEpoch.apply(epoch)) {
                    Autograd.backward(model.loss(Weights.current(), batch));
                    adam.step();
                }
                double mae = MetaTrainer.validationMae(predictor, validation, runner);
                history.add(mae);
                LOG.info("supervised epoch {}: validation MAE {} {}", epoch + 1, mode, mae);
                if (best == null || mae < history.get(bestEpoch)) {
                    bestEpoch = epoch;
                    best = parameters.stream().map(p -> p.value().toFloatArray()).toArray(float[][]::new);
                }
            }
        }
        for (int i = 0; best != null && i < best.length; i++) {
            Parameter p = parameters.get(i);
            p.set(dev.thaw.engine.Tensor.of(best[i], p.value().shape()));
        }
        return history;
    }
}
