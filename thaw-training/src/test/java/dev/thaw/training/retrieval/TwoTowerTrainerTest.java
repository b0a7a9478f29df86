package dev.thaw.training.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.split.ImplicitSplit;
import dev.thaw.data.split.UserItems;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.models.retrieval.Retriever;
import dev.thaw.models.retrieval.softmax.LossConfig;
import dev.thaw.models.retrieval.twotower.TowerFeatures;
import dev.thaw.models.retrieval.twotower.TrainedTwoTower;
import dev.thaw.models.retrieval.twotower.TwoTowerConfig;
import dev.thaw.models.retrieval.twotower.TwoTowerModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TwoTowerTrainerTest {
    private static final RecDataset DATA = SyntheticGenerator.generate(SyntheticConfig.small(8).withSize(200, 120)
            .withInteractionsPerUser(15, 40)).dataset();
    private static final ImplicitSplit SPLIT = ImplicitSplit.of(DATA.interactions(), 3f, 0.1, ImplicitSplit.Order.RANDOM,
            4);
    private static final TrainedTwoTower.Encoders ENCODERS = new TrainedTwoTower.Encoders(
            fit(DATA.userFeatures().orElseThrow()), fit(DATA.itemFeatures().orElseThrow()));
    private static final TowerFeatures FEATURES = ENCODERS.encode(DATA.userFeatures().orElseThrow(),
            DATA.itemFeatures().orElseThrow());
    private static final TwoTowerConfig CONFIG = TwoTowerConfig.defaults().withSizes(16, List.of(32))
            .withHistorySize(20);

    private static FeatureEncoder fit(FeatureTable table) {
        return FeatureEncoder.fit(table, IntStream.range(0, table.size()).toArray(), EncoderOptions.DEFAULTS);
    }

    private static TwoTowerModel model(long seed) {
        return new TwoTowerModel(FEATURES.userFields(), FEATURES.itemFields(), SPLIT.userCount(), SPLIT.itemCount(),
                CONFIG, new SplittableRandom(seed));
    }

    /** Brute-force validation Recall@10 over the full corpus, training items excluded (a test yardstick only). */
    static double recallAt10(Retriever model, UserItems train, UserItems heldOut) {
        int[] users = heldOut.nonEmptyUsers();
        float[] q = model.queryEmbeddings(users, train);
        float[] v = model.itemEmbeddings();
        int d = model.dim();
        double sum = 0;
        for (int r = 0; r < users.length; r++) {
            int row = r;
            int user = users[r];
            int[] top = IntStream.range(0, model.itemCount()).filter(i -> !train.contains(user, i)).boxed()
                    .sorted((a, b) -> Double.compare(dot(q, row, v, b, d), dot(q, row, v, a, d))).limit(10)
                    .mapToInt(Integer::intValue).toArray();
            long hits = IntStream.of(top).filter(i -> heldOut.contains(user, i)).count();
            sum += hits / (double) heldOut.size(user);
        }
        return sum / users.length;
    }

    private static double dot(float[] q, int row, float[] v, int item, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            s += q[row * d + k] * v[item * d + k];
        }
        return s;
    }

    private static TwoTowerTrainer.Validation validation() {
        return model -> recallAt10(model, SPLIT.train(), SPLIT.validation());
    }

    private static TwoTowerFit train(TwoTowerTrainingConfig config, LossConfig loss, TwoTowerTrainer.Validation check,
                                     RetrievalTrainingListener listener) {
        return new TwoTowerTrainer(config).fit("two-tower/test", model(1), ENCODERS, FEATURES, SPLIT.train(), loss,
                check, listener);
    }

    @Test
    void trainingRaisesValidationRecallFarAboveTheUntrainedModel() {
        double untrained = validation().score(TrainedTwoTower.of("t", model(1), ENCODERS, FEATURES));
        TwoTowerFit fit = train(TwoTowerTrainingConfig.defaults(1).withBatchSize(128).withMaxEpochs(6),
                LossConfig.of(LossConfig.Kind.IN_BATCH), validation(), new RetrievalTrainingListener() { });
        assertTrue(fit.bestValidation() > untrained + 0.05, "recall@10 " + untrained + " -> " + fit.bestValidation());
        assertEquals(fit.bestValidation(), validation().score(fit.model()), 1e-12, "the best snapshot is returned");
        assertTrue(fit.trainLossHistory().get(fit.trainLossHistory().size() - 1) < fit.trainLossHistory().get(0));
    }

    @Test
    void sameSeedSameModel() {
        TwoTowerTrainingConfig config = TwoTowerTrainingConfig.defaults(3).withBatchSize(256).withMaxEpochs(1);
        LossConfig loss = LossConfig.of(LossConfig.Kind.POPULARITY).withNegatives(30);
        float[] a = train(config, loss, m -> 0, new RetrievalTrainingListener() { }).model().itemEmbeddings();
        float[] b = train(config, loss, m -> 0, new RetrievalTrainingListener() { }).model().itemEmbeddings();
        assertArrayEquals(a, b);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBestEpoch() {
        List<Double> scores = new ArrayList<>(List.of(0.3, 0.5, 0.4, 0.45, 0.9));
        TwoTowerFit fit = train(TwoTowerTrainingConfig.defaults(1).withBatchSize(512).withMaxEpochs(5),
                LossConfig.of(LossConfig.Kind.UNIFORM).withNegatives(20), m -> scores.remove(0),
                new RetrievalTrainingListener() { });
        assertEquals(TwoTowerFit.StopReason.EARLY_STOP, fit.stopReason());
        assertEquals(List.of(0.3, 0.5, 0.4, 0.45), fit.validationHistory());
        assertEquals(2, fit.bestEpoch());
        assertEquals(0.5, fit.bestValidation());
    }

    @Test
    void aTimeBudgetEndsTrainingAndProgressShowsRateAndEta() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        double[] improving = {0};
        TwoTowerFit fit = train(TwoTowerTrainingConfig.defaults(1).withBatchSize(16).withMaxEpochs(1_000_000)
                        .withTimeBudget(Duration.ofMillis(300)), LossConfig.of(LossConfig.Kind.IN_BATCH),
                m -> improving[0] += 0.001, new RetrievalProgress(new PrintStream(buffer, true), 0, "recall@10"));
        assertEquals(TwoTowerFit.StopReason.TIME_BUDGET, fit.stopReason());
        assertTrue(fit.seconds() < 5, "stopped after " + fit.seconds() + " s");
        String printed = buffer.toString();
        assertTrue(printed.matches("(?s)epoch 1/1000000 step 1/\\d+ \\| \\d+ pairs/s \\| loss \\d+\\.\\d{4} \\| val recall@10 - "
                + "\\| ETA \\d+s.*"), printed.lines().findFirst().orElse(""));
        assertTrue(printed.contains("training stopped (TIME_BUDGET)"), printed);
    }
}
