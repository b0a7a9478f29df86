package dev.thaw.training;

import dev.thaw.data.task.FeatureBatch;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import dev.thaw.engine.optim.Optimizer;
import dev.thaw.engine.optim.OptimizerConfig;
import dev.thaw.models.Adaptation;
import dev.thaw.models.MetaModel;
import dev.thaw.models.RatingModel;
import java.io.PrintStream;
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
    private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

    private final OptimizerConfig optimizer;
    private final int maxEpochs;
    private final int patience;
    private final PrintStream progress;

    /** A trainer with an optimiser, an epoch limit and early-stopping patience (epochs). */
    public SupervisedTrainer(OptimizerConfig optimizer, int maxEpochs, int patience) {
        this(optimizer, maxEpochs, patience, null);
    }

    private SupervisedTrainer(OptimizerConfig optimizer, int maxEpochs, int patience, PrintStream progress) {
        if (maxEpochs < 1 || patience < 1) {
            throw new IllegalArgumentException("maxEpochs and patience must be >= 1, got " + maxEpochs + ", " + patience);
        }
        this.optimizer = optimizer;
        this.maxEpochs = maxEpochs;
        this.patience = patience;
        this.progress = progress;
    }

    /** This trainer printing progress (batch, batches/s, loss, validation MAE, ETA) to {@code out} every few seconds. */
    public SupervisedTrainer withProgress(PrintStream out) {
        return new SupervisedTrainer(optimizer, maxEpochs, patience, out);
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
        long start = System.nanoTime();
        long lastPrint = start;
        try (TaskParallel runner = new TaskParallel(threads)) {
            for (int epoch = 0; epoch < maxEpochs && epoch - bestEpoch <= patience; epoch++) {
                List<FeatureBatch> batches = batchesOfEpoch.apply(epoch);
                for (int b = 0; b < batches.size(); b++) {
                    Tensor lossTensor = model.loss(Weights.current(), batches.get(b));
                    double loss = lossTensor.item();
                    Autograd.backward(lossTensor);
                    adam.step();
                    if (progress != null && System.nanoTime() - lastPrint > PROGRESS_INTERVAL_NANOS) {
                        lastPrint = System.nanoTime();
                        double seconds = (lastPrint - start) / 1e9;
                        double done = epoch * batches.size() + b + 1;
                        progress.printf("normal training epoch %d/%d batch %d/%d | %.0f batches/s | loss %.4f | ETA %s"
                                        + " (at most)%n", epoch + 1, maxEpochs, b + 1, batches.size(), done / seconds,
                                loss, ProgressListener.duration(seconds / done * (maxEpochs * batches.size() - done)));
                    }
                }
                double mae = MetaTrainer.validationMae(predictor, validation, runner);
                history.add(mae);
                LOG.info("supervised epoch {}: validation MAE {} {}", epoch + 1, mode, mae);
                if (progress != null) {
                    progress.printf("normal training epoch %d done | val MAE %.4f %s%n", epoch + 1, mae, mode);
                }
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
