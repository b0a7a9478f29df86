package dev.thaw.training.retrieval;

import dev.thaw.data.Seeds;
import dev.thaw.data.split.UserItems;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.optim.Optimizer;
import dev.thaw.models.retrieval.softmax.LossConfig;
import dev.thaw.models.retrieval.twotower.TowerFeatures;
import dev.thaw.models.retrieval.twotower.TrainedTwoTower;
import dev.thaw.models.retrieval.twotower.TwoTowerModel;
import dev.thaw.models.retrieval.twotower.TwoTowerObjective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a {@link TwoTowerModel} on the (user, positive item) pairs of a training set: each epoch
 * shuffles the pairs (seeded by epoch), cuts them into batches and takes one optimiser step per batch
 * on the {@link TwoTowerObjective}. After each epoch the caller's {@link Validation} scores a
 * snapshot (e.g. validation Recall@K from {@code dev.thaw.eval.retrieval}, which this module cannot
 * depend on); the best snapshot is returned. Stops at the epoch limit, after {@code patience} epochs
 * without improvement, or when the time budget is spent (the partial epoch is then validated too).
 * Same seed and inputs, same result.
 */
public final class TwoTowerTrainer {
    private static final long ORDER_SALT = Seeds.label("two-tower/pair-order");

    private final TwoTowerTrainingConfig config;

    /** Scores a snapshot on held-out data; higher is better. */
    @FunctionalInterface
    public interface Validation {
        /** The validation score of a snapshot. */
        double score(TrainedTwoTower model);
    }

    /** A trainer with these settings. */
    public TwoTowerTrainer(TwoTowerTrainingConfig config) {
        this.config = config;
    }

    /**
     * Trains {@code model} in place and returns the best snapshot.
     *
     * @param name     the report name of the snapshots (e.g. {@code two-tower/in-batch+logQ})
     * @param encoders the encoders behind {@code features}, stored with the snapshots
     * @param train    training positives: the pairs, and the loss's history bags and accidental hits
     */
    public TwoTowerFit fit(String name, TwoTowerModel model, TrainedTwoTower.Encoders encoders, TowerFeatures features,
                           UserItems train, LossConfig loss, Validation validation,
                           RetrievalTrainingListener listener) {
        int[][] pairs = train.pairs();
        int pairCount = pairs[0].length;
        if (pairCount < 2) {
            throw new IllegalArgumentException("two-tower training needs at least 2 training pairs, got " + pairCount);
        }
        int batch = Math.min(config.batchSize(), pairCount);
        int stepsPerEpoch = (pairCount + batch - 1) / batch;
        long budget = config.timeBudget().toNanos();
        listener.onStart(new RetrievalTrainingListener.Plan(config.maxEpochs(), stepsPerEpoch, pairCount, budget));
        TwoTowerObjective objective = new TwoTowerObjective(model, features, train, loss, config.seed());
        Optimizer optimizer = new Optimizer(config.optimizer(), model.trainableParameters());
        long start = System.nanoTime();
        List<Double> validations = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        TrainedTwoTower best = null;
        int bestEpoch = 0;
        long steps = 0;
        TwoTowerFit.StopReason reason = TwoTowerFit.StopReason.MAX_EPOCHS;
        for (int epoch = 0; epoch < config.maxEpochs(); epoch++) {
            int[] order = order(pairCount, epoch);
            double lossSum = 0;
            int epochSteps = 0;
            for (int s = 0; s < stepsPerEpoch && !overBudget(start, budget); s++) {
                int[] rows = Arrays.copyOfRange(order, s * batch, Math.min(pairCount, (s + 1) * batch));
                Tensor value = objective.loss(pick(pairs[0], rows), pick(pairs[1], rows), steps);
                Autograd.backward(value);
                optimizer.step();
                steps++;
                epochSteps++;
                lossSum += value.item();
                listener.onStep(new RetrievalTrainingListener.Step(epoch, s, rows.length, value.item(),
                        System.nanoTime() - start));
            }
            if (epochSteps == 0) {
                reason = TwoTowerFit.StopReason.TIME_BUDGET;
                break;
            }
            TrainedTwoTower snapshot = TrainedTwoTower.of(name, model, encoders, features);
            double score = validation.score(snapshot);
            boolean improved = best == null || score > validations.get(bestEpoch - 1);
            validations.add(score);
            losses.add(lossSum / epochSteps);
            if (improved) {
                best = snapshot;
                bestEpoch = epoch + 1;
            }
            listener.onEpochEnd(new RetrievalTrainingListener.Epoch(epoch + 1, lossSum / epochSteps, score, improved));
            if (epochSteps < stepsPerEpoch || overBudget(start, budget)) {
                reason = TwoTowerFit.StopReason.TIME_BUDGET;
                break;
            }
            if (epoch + 1 - bestEpoch >= config.patience()) {
                reason = TwoTowerFit.StopReason.EARLY_STOP;
                break;
            }
        }
        if (best == null) {
            throw new IllegalStateException("the time budget ended before the first training step");
        }
        TwoTowerFit fit = new TwoTowerFit(best, bestEpoch, validations.get(bestEpoch - 1), validations, losses, reason,
                steps, (System.nanoTime() - start) / 1e9);
        listener.onEnd(fit);
        return fit;
    }

    private int[] order(int pairCount, int epoch) {
        int[] order = new int[pairCount];
        Arrays.setAll(order, i -> i);
        Seeds.shuffle(order, Seeds.derive(config.seed(), ORDER_SALT, epoch));
        return order;
    }

    private static boolean overBudget(long start, long budget) {
        return budget > 0 && System.nanoTime() - start >= budget;
    }

    private static int[] pick(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = values[rows[r]];
        }
        return out;
    }
}
