package dev.thaw.models.melu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.Interactions;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.FeatureBatch;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import dev.thaw.models.Adaptation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeluModelTest {
    private static final SyntheticTasks DATA = new SyntheticTasks(60, 3);

    @Test
    void hasOneEmbeddingPerFieldAndPaperSizedDecisionLayers() {
        MeluModel model = DATA.newModel(MeluConfig.defaults(), 1);
        Map<String, Parameter> p = model.parameters();
        // user: gender, age, occupation; item: genre, tags (multi-valued), price (bucketed)
        assertEquals(List.of("user_gender.table", "user_age.table", "user_occupation.table", "item_genre.table",
                "item_tags.table", "item_price.table", "decision.layer0.weight", "decision.layer0.bias",
                "decision.layer1.weight", "decision.layer1.bias", "decision.layer2.weight", "decision.layer2.bias"),
                List.copyOf(p.keySet()));
        assertEquals(List.of(6 * 32, 64), List.of(p.get("decision.layer0.weight").value().dim(0),
                p.get("decision.layer0.weight").value().dim(1)));
        assertEquals(3.0, p.get("decision.layer2.bias").value().get(0));
        assertEquals(6, model.localParameters().size());
    }

    @Test
    void localUpdateChangesOnlyTheDecisionLayers() {
        MeluModel model = DATA.newModel(MeluConfig.defaults(), 1);
        TaskBatch task = DATA.tasks.get(0);
        Weights fast = Adaptation.adapt(model, task.support());
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
            Tensor before = e.getValue().value();
            if (e.getKey().startsWith("decision.")) {
                assertNotSame(before, fast.get(e.getValue()), e.getKey());
                assertTrue(maxAbsDiff(before, fast.get(e.getValue())) > 0, e.getKey() + " did not move");
            } else {
                assertSame(before, fast.get(e.getValue()), e.getKey() + " must not be adapted");
            }
        }
    }

    @Test
    void adaptationMovesPredictionsTowardTheSupportRatings() {
        MeluModel model = DATA.newModel(MeluConfig.defaults(), 1);
        for (TaskBatch task : DATA.tasks.subList(0, 10)) {
            double before = model.loss(Weights.current(), task.support()).item();
            double after = model.loss(Adaptation.adapt(model, task.support()), task.support()).item();
            assertTrue(after < before, "support loss " + before + " -> " + after);
        }
    }

    @Test
    void userOffsetIsTheShrunkResidualMeanOfTheAdaptedModel() {
        MeluModel model = DATA.newModel(MeluConfig.defaults().withUserBias(true), 1);
        for (TaskBatch task : DATA.tasks.subList(0, 5)) {
            Weights plain = model.adaptationUpdate().adapt(Weights.current(), w -> model.loss(w, task.support()));
            float[] fitted = model.predict(plain, task.support()).toFloatArray();
            float[] labels = task.support().labels().toFloatArray();
            double residuals = 0;
            for (int i = 0; i < labels.length; i++) {
                residuals += labels[i] - fitted[i];
            }
            double expected = residuals / (labels.length + MeluModel.INITIAL_SHRINKAGE);
            float[] withOffset = model.predict(Adaptation.adapt(model, task.support()), task.query()).toFloatArray();
            float[] without = model.predict(plain, task.query()).toFloatArray();
            for (int i = 0; i < without.length; i++) {
                assertEquals(expected, withOffset[i] - without[i], 1e-5, "query row " + i);
            }
            assertTrue(Math.abs(expected) > 1e-3, "the offset should not vanish on this data");
        }
    }

    @Test
    void supportShrinkageScalesTheLocalStepsBySupportSizeOverSizePlusKappa() {
        MeluConfig plain = MeluConfig.defaults();
        MeluModel shrunk = DATA.newModel(plain.withSupportShrinkage(true), 1);
        for (TaskBatch task : DATA.tasks.subList(0, 5)) {
            int n = task.support().size();
            double scale = n / (n + MeluModel.INITIAL_SHRINKAGE);
            MeluModel smallerSteps = DATA.newModel(plain.withLearningRates(plain.innerLearningRate() * scale,
                    plain.metaLearningRate()), 1);
            float[] expected = smallerSteps.predict(Adaptation.adapt(smallerSteps, task.support()), task.query())
                    .toFloatArray();
            float[] actual = shrunk.predict(Adaptation.adapt(shrunk, task.support()), task.query()).toFloatArray();
            assertArrayEquals(expected, actual, 1e-5f, "support of " + n);
        }
        // the same rating (1 star for the same item) given once or ten times: once moves the model less
        TaskBatch task = DATA.tasks.get(0);
        BatchEncoder encoder = new BatchEncoder(DATA.users, DATA.items);
        Interactions support = task.task().support();
        FeatureBatch once = encoder.encode(support.select(new int[] {0})).withLabels(new float[] {1});
        FeatureBatch tenTimes = encoder.encode(support.select(new int[10])).withLabels(filled(10, 1));
        float[] prior = shrunk.predict(Weights.current(), task.query()).toFloatArray();
        float[] fromOnce = shrunk.predict(Adaptation.adapt(shrunk, once), task.query()).toFloatArray();
        float[] fromTen = shrunk.predict(Adaptation.adapt(shrunk, tenTimes), task.query()).toFloatArray();
        assertTrue(prior[0] - fromOnce[0] < (prior[0] - fromTen[0]) / 2,
                "prior " + prior[0] + ", after once " + fromOnce[0] + ", after ten times " + fromTen[0]);
    }

    @Test
    void taskBatchedLossIsTheSumOfPerTaskLosses() {
        MeluModel model = DATA.newModel(MeluConfig.defaults(), 1);
        List<TaskBatch> tasks = DATA.tasks.subList(0, 5);
        double sum = tasks.stream().mapToDouble(t -> model.loss(Weights.current(), t.support()).item()).sum();
        double batched = model.taskBatchedLoss(Weights.current(), tasks.stream().map(TaskBatch::support).toList())
                .item();
        assertEquals(sum, batched, 1e-4 * sum);
    }

    @Test
    void oneUserForManyItemsMatchesTheConcatenatedInput() {
        MeluModel model = DATA.newModel(MeluConfig.defaults(), 1);
        TaskBatch task = DATA.tasks.get(2);
        Tensor user = dev.thaw.engine.Ops.slice(model.userEmbedding(Weights.current(), task.query().userFields()), 0, 0, 1);
        Tensor items = model.itemEmbedding(Weights.current(), task.query().itemFields());
        float[] expected = model.predict(Weights.current(), task.query()).toFloatArray();
        float[] actual = model.decideForUser(Weights.current(), user, items).toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5);
        }
    }

    @Test
    void configsAreValidatedAndThePaperPresetHasThePaperRates() {
        MeluConfig paper = MeluConfig.paper(5);
        assertEquals(List.of(5e-6, 5e-5, 32.0, 5.0), List.of(paper.innerLearningRate(), paper.metaLearningRate(),
                (double) paper.metaBatchSize(), (double) paper.trainLocalSteps()));
        MeluConfig defaults = MeluConfig.defaults();
        assertEquals(List.of(0.01, 1e-3), List.of(defaults.innerLearningRate(), defaults.metaLearningRate()));
        assertTrue(defaults.secondOrder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeluConfig.defaults().withLocalSteps(0, 1));
        assertTrue(e.getMessage().contains("local steps must be >= 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MeluConfig.defaults().withLearningRates(-1, 1e-3));
    }

    @Test
    void batchEncodedWithOtherVocabulariesIsRejectedWithTheFieldName() {
        MeluModel model = new MeluModel(List.of(new FieldSpec("gender", 2, false)), FieldSpec.of(DATA.items),
                MeluConfig.defaults(), 3, new java.util.SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Weights.current(), DATA.tasks.get(0).query()));
        assertTrue(e.getMessage().contains("user fields"), e.getMessage());
    }

    static double maxAbsDiff(Tensor a, Tensor b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, Math.abs(a.get(i) - b.get(i)));
        }
        return max;
    }

    private static float[] filled(int n, float value) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
