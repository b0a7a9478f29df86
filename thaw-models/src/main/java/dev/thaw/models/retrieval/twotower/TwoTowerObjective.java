package dev.thaw.models.retrieval.twotower;

import dev.thaw.data.Seeds;
import dev.thaw.data.split.UserItems;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Weights;
import dev.thaw.models.retrieval.softmax.Candidates;
import dev.thaw.models.retrieval.softmax.FrequencyEstimator;
import dev.thaw.models.retrieval.softmax.HardNegatives;
import dev.thaw.models.retrieval.softmax.LossConfig;
import dev.thaw.models.retrieval.softmax.NegativeSampler;
import dev.thaw.models.retrieval.softmax.SampledSoftmax;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The training loss of a two-tower model on batches of (user, positive item) pairs, for every
 * {@link LossConfig.Kind}: it builds the candidates, scores them with the towers, and hands them to
 * {@link SampledSoftmax} with the kind's logQ and the accidental-hit mask. Stateful where the loss
 * is (the streaming frequency estimator, the hard-negative pool); randomness comes from the seed and
 * the step number only, so a run repeats exactly.
 */
public final class TwoTowerObjective {
    private static final long NEGATIVES_SALT = Seeds.label("two-tower/negatives");
    private static final long HISTORY_SALT = Seeds.label("two-tower/history");
    private static final long POOL_SALT = Seeds.label("two-tower/hard-pool");

    private final TwoTowerModel model;
    private final TowerFeatures features;
    private final UserItems train;
    private final LossConfig loss;
    private final long seed;
    private final NegativeSampler sampler;
    private final double[] knownLogQ;
    private final FrequencyEstimator estimator;
    private int[] pool;
    private Tensor poolEmbeddings;

    /**
     * An objective over the training positives {@code train} (the source of the batches, the known
     * item frequencies, the history bags and the accidental-hit sets).
     */
    public TwoTowerObjective(TwoTowerModel model, TowerFeatures features, UserItems train, LossConfig loss, long seed) {
        if (train.itemCount() != model.itemCount()) {
            throw new IllegalArgumentException("training pairs cover " + train.itemCount() + " items, the model "
                    + model.itemCount());
        }
        this.model = model;
        this.features = features;
        this.train = train;
        this.loss = loss;
        this.seed = seed;
        int[] counts = train.itemCounts();
        this.sampler = loss.kind() == LossConfig.Kind.POPULARITY
                ? NegativeSampler.popularity(counts, loss.popularityExponent())
                : NegativeSampler.uniform(model.itemCount());
        this.knownLogQ = logFrequencies(counts);
        this.estimator = loss.streamingQ() ? new FrequencyEstimator(loss.estimator()) : null;
    }

    private static double[] logFrequencies(int[] counts) {
        double total = IntStream.of(counts).asLongStream().sum();
        return IntStream.of(counts).mapToDouble(c -> Math.log(Math.max(c, 1) / total)).toArray();
    }

    /** The loss configuration. */
    public LossConfig config() {
        return loss;
    }

    /** The streaming estimator, when in-batch logQ uses one. */
    public FrequencyEstimator estimator() {
        return estimator;
    }

    /**
     * The mean loss of a batch at global step {@code step} (0-based; it seeds the draws and paces the
     * hard-negative refresh). Streaming logQ first records the batch's items in the estimator.
     */
    public Tensor loss(int[] users, int[] items, long step) {
        if (users.length != items.length || users.length == 0) {
            throw new IllegalArgumentException("a batch needs as many items as users, at least one; got "
                    + users.length + " and " + items.length);
        }
        HistoryBags history = HistoryBags.of(train, users, items, model.config().historySize(),
                Seeds.derive(seed, HISTORY_SALT, step));
        Tensor queries = model.queries(Weights.current(), features, users, history);
        SplittableRandom random = Seeds.derive(seed, NEGATIVES_SALT, step);
        Scored scored = switch (loss.kind()) {
            case FULL -> shared(queries, IntStream.range(0, model.itemCount()).toArray(), items);
            case IN_BATCH -> shared(queries, items, IntStream.range(0, items.length).toArray());
            case UNIFORM, POPULARITY -> labelFirst(queries, items, sampler.sample(loss.negatives(), random), false);
            case HARD -> labelFirst(queries, items, hardNegatives(queries, users, step, random), true);
        };
        boolean[] masked = loss.hits().mask(scored.candidates(), users, train);
        return SampledSoftmax.loss(scored.scores(), scored.candidates(), logQ(items), masked,
                model.config().temperature());
    }

    private record Scored(Tensor scores, Candidates candidates) {
    }

    /** Every row scores the same candidates; row b's label is at {@code labelColumns[b]}. */
    private Scored shared(Tensor queries, int[] candidates, int[] labelColumns) {
        Tensor items = embedOnce(candidates);
        return new Scored(Ops.matmul(queries, items, false, true), Candidates.shared(candidates, labelColumns));
    }

    /** Column 0 is the row's label, then its negatives: shared by all rows, or {@code perRow}. */
    private Scored labelFirst(Tensor queries, int[] labels, int[] negatives, boolean perRow) {
        int rows = labels.length;
        int[] all = new int[rows + negatives.length];
        System.arraycopy(labels, 0, all, 0, rows);
        System.arraycopy(negatives, 0, all, rows, negatives.length);
        Tensor embedded = embedOnce(all);
        int dim = model.config().dim();
        Tensor labelVectors = Ops.slice(embedded, 0, 0, rows);
        Tensor negativeVectors = Ops.slice(embedded, 0, rows, negatives.length);
        Tensor labelScores = Ops.sum(Ops.mul(queries, labelVectors), 1, true);
        Tensor negativeScores;
        int[] negativesByRow;
        if (perRow) {
            int k = negatives.length / rows;
            Tensor perRowScores = Ops.matmul(Ops.reshape(queries, rows, 1, dim),
                    Ops.reshape(negativeVectors, rows, k, dim), false, true);
            negativeScores = Ops.reshape(perRowScores, rows, k);
            negativesByRow = negatives;
        } else {
            negativeScores = Ops.matmul(queries, negativeVectors, false, true);
            negativesByRow = new int[rows * negatives.length];
            for (int b = 0; b < rows; b++) {
                System.arraycopy(negatives, 0, negativesByRow, b * negatives.length, negatives.length);
            }
        }
        return new Scored(Ops.concat(List.of(labelScores, negativeScores), 1),
                Candidates.labelFirst(labels, negativesByRow));
    }

    /** Item-tower outputs for {@code items} (repeats allowed), running the tower once per distinct item. */
    private Tensor embedOnce(int[] items) {
        int[] distinct = IntStream.of(items).distinct().toArray();
        if (distinct.length == items.length) {
            return model.items(Weights.current(), features, items);
        }
        Map<Integer, Integer> rowOf = new HashMap<>();
        for (int r = 0; r < distinct.length; r++) {
            rowOf.put(distinct[r], r);
        }
        int[] rows = IntStream.of(items).map(rowOf::get).toArray();
        return Ops.gatherRows(model.items(Weights.current(), features, distinct), rows);
    }

    /** The kind's log Q per candidate item, or null when this loss makes no correction. */
    private IntToDoubleFunction logQ(int[] batchItems) {
        if (!loss.logQ()) {
            return null;
        }
        if (loss.kind() != LossConfig.Kind.IN_BATCH) {
            return sampler::logQ;
        }
        if (estimator == null) {
            return item -> knownLogQ[item];
        }
        estimator.update(batchItems);
        return estimator::logQ;
    }

    /**
     * Per row: the {@code round(share * negatives)} pool items the current model scores highest among
     * the user's non-positives (after skipping the top {@code skipTop}), then uniform draws for the
     * rest; row-major {@code [rows * negatives]}.
     */
    private int[] hardNegatives(Tensor queries, int[] users, long step, SplittableRandom random) {
        int rows = users.length;
        int k = loss.negatives();
        LossConfig.Hard settings = loss.hard();
        int mined = (int) Math.round(settings.share() * k);
        int[] out = new int[rows * k];
        int[] hard = new int[0];
        if (mined > 0) {
            if (poolEmbeddings == null || step % settings.refreshSteps() == 0) {
                refreshPool(step);
            }
            float[] scores;
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                scores = Ops.matmul(queries.detach(), poolEmbeddings, false, true).toFloatArray();
            }
            hard = HardNegatives.mine(scores, rows, pool, settings.skipTop(), mined,
                    (row, item) -> train.contains(users[row], item));
        }
        int[] uniform = sampler.sample(rows * (k - mined), random);
        for (int b = 0; b < rows; b++) {
            System.arraycopy(hard, b * mined, out, b * k, mined);
            System.arraycopy(uniform, b * (k - mined), out, b * k + mined, k - mined);
        }
        return out;
    }

    /** Draws the mining pool and embeds it with the current weights. */
    private void refreshPool(long step) {
        int items = model.itemCount();
        int[] all = IntStream.range(0, items).toArray();
        if (loss.hard().poolSize() < items) {
            Seeds.shuffle(all, Seeds.derive(seed, POOL_SALT, step));
            all = Arrays.copyOf(all, loss.hard().poolSize());
        }
        pool = all;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            poolEmbeddings = model.items(Weights.current(), features, pool);
        }
    }
}
