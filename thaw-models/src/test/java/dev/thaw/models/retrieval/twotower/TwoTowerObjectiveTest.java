package dev.thaw.models.retrieval.twotower;

import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.FEATURES;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.SPLIT;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.model;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.engine.Autograd;
import dev.thaw.engine.optim.Optimizer;
import dev.thaw.engine.optim.OptimizerConfig;
import dev.thaw.models.retrieval.softmax.AccidentalHits;
import dev.thaw.models.retrieval.softmax.FrequencyEstimator;
import dev.thaw.models.retrieval.softmax.LossConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TwoTowerObjectiveTest {
    private static final int[][] PAIRS = SPLIT.train().pairs();
    private static final int BATCH = 64;

    private static int[] slice(int[] values, int batch) {
        return Arrays.copyOfRange(values, batch * BATCH, (batch + 1) * BATCH);
    }

    private static LossConfig config(LossConfig.Kind kind) {
        LossConfig loss = LossConfig.of(kind).withNegatives(kind == LossConfig.Kind.HARD ? 8 : 20);
        return kind == LossConfig.Kind.HARD ? loss.withHard(new LossConfig.Hard(0.5, 5, 1000, 2)) : loss;
    }

    /** Full-corpus loss of a few fixed batches: the yardstick every kind must lower. */
    private static double fullLoss(TwoTowerModel model) {
        TwoTowerObjective full = new TwoTowerObjective(model, FEATURES, SPLIT.train(),
                LossConfig.of(LossConfig.Kind.FULL), 1);
        double sum = 0;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int b = 0; b < 4; b++) {
                sum += full.loss(slice(PAIRS[0], b), slice(PAIRS[1], b), 0).item();
            }
        }
        return sum / 4;
    }

    @ParameterizedTest
    @EnumSource(LossConfig.Kind.class)
    void everyKindTrainsTheModelTowardsTheFullSoftmax(LossConfig.Kind kind) {
        TwoTowerModel model = model(small(), 7);
        TwoTowerObjective objective = new TwoTowerObjective(model, FEATURES, SPLIT.train(), config(kind), 7);
        Optimizer adam = new Optimizer(OptimizerConfig.adam(0.01), model.trainableParameters());
        double before = fullLoss(model);
        int batches = PAIRS[0].length / BATCH;
        for (int step = 0; step < 60; step++) {
            int b = step % batches;
            Autograd.backward(objective.loss(slice(PAIRS[0], b), slice(PAIRS[1], b), step));
            adam.step();
        }
        double after = fullLoss(model);
        assertTrue(after < before - 0.1, kind + ": full-softmax loss " + before + " -> " + after);
    }

    @Test
    void sameSeedAndStepGiveTheSameLoss() {
        for (LossConfig.Kind kind : LossConfig.Kind.values()) {
            double a = new TwoTowerObjective(model(small(), 1), FEATURES, SPLIT.train(), config(kind), 9)
                    .loss(slice(PAIRS[0], 0), slice(PAIRS[1], 0), 3).item();
            double b = new TwoTowerObjective(model(small(), 1), FEATURES, SPLIT.train(), config(kind), 9)
                    .loss(slice(PAIRS[0], 0), slice(PAIRS[1], 0), 3).item();
            assertEquals(a, b, 0.0, kind.name());
        }
    }

    @Test
    void removingEveryPositiveOfTheUserChangesTheInBatchLoss() {
        TwoTowerModel model = model(small(), 2);
        LossConfig inBatch = LossConfig.of(LossConfig.Kind.IN_BATCH);
        double label = new TwoTowerObjective(model, FEATURES, SPLIT.train(), inBatch.withHits(AccidentalHits.LABEL), 1)
                .loss(PAIRS[0], PAIRS[1], 0).item();
        double user = new TwoTowerObjective(model, FEATURES, SPLIT.train(), inBatch, 1)
                .loss(PAIRS[0], PAIRS[1], 0).item();
        assertTrue(label - user > 0.01, "label-only rule " + label + ", user-positives rule " + user);
    }

    @Test
    void streamingLogQFeedsTheEstimatorOncePerBatchAndDiffersFromNoCorrection() {
        TwoTowerModel model = model(small(), 3);
        LossConfig streaming = LossConfig.of(LossConfig.Kind.IN_BATCH)
                .withStreamingQ(new FrequencyEstimator.Config(1 << 12, 2, 0.05, true));
        TwoTowerObjective objective = new TwoTowerObjective(model, FEATURES, SPLIT.train(), streaming, 1);
        double corrected = 0;
        for (int b = 0; b < 5; b++) {
            corrected = objective.loss(slice(PAIRS[0], b), slice(PAIRS[1], b), b).item();
        }
        assertEquals(5, objective.estimator().steps());
        double plain = new TwoTowerObjective(model, FEATURES, SPLIT.train(), streaming.withLogQ(false), 1)
                .loss(slice(PAIRS[0], 4), slice(PAIRS[1], 4), 4).item();
        assertNotEquals(plain, corrected);
    }

    @Test
    void logQIsRefusedWhereItMeansNothing() {
        assertThrows(IllegalArgumentException.class, () -> LossConfig.of(LossConfig.Kind.FULL).withLogQ(true));
        assertThrows(IllegalArgumentException.class, () -> LossConfig.of(LossConfig.Kind.POPULARITY)
                .withStreamingQ(FrequencyEstimator.Config.defaults()));
        assertEquals("in-batch+logQ(streaming)", LossConfig.of(LossConfig.Kind.IN_BATCH)
                .withStreamingQ(FrequencyEstimator.Config.defaults()).label());
        assertEquals("popularity+logQ+hits:label", LossConfig.of(LossConfig.Kind.POPULARITY)
                .withHits(AccidentalHits.LABEL).label());
    }
}
