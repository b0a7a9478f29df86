package dev.thaw.models.melu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainedMeluTest {
    private static final SyntheticTasks DATA = new SyntheticTasks(60, 5);
    private static final Map<String, Object> USER = Map.of("gender", "F", "age", "25", "occupation", "4");

    @Test
    void checkpointRoundTripGivesIdenticalPredictions(@TempDir Path dir) throws Exception {
        TrainedMelu trained = TrainedMelu.of(DATA.newModel(MeluConfig.defaults(), 2), DATA.userEncoder,
                DATA.itemEncoder);
        trained.save(dir.resolve("ckpt"), Map.of());
        TrainedMelu loaded = TrainedMelu.load(dir.resolve("ckpt"));
        assertEquals(trained.config(), loaded.config());
        assertEquals(trained.userEncoder().toJson(), loaded.userEncoder().toJson());
        TaskBatch task = DATA.tasks.get(3);
        assertArrayEquals(trained.model().predict(Weights.current(), task.query()).toFloatArray(),
                loaded.model().predict(Weights.current(), task.query()).toFloatArray());
        int[] all = IntStream.range(0, 200).toArray();
        assertArrayEquals(new MeluRecommender(trained, DATA.items).scores(USER, new int[] {1, 2}, new float[] {5, 1}, all),
                new MeluRecommender(loaded, DATA.items).scores(USER, new int[] {1, 2}, new float[] {5, 1}, all));
    }

    @Test
    void snapshotIsIndependentOfTheTrainingModel() {
        MeluModel model = DATA.newModel(MeluConfig.defaults(), 2);
        TrainedMelu trained = TrainedMelu.of(model, DATA.userEncoder, DATA.itemEncoder);
        float[] before = trained.model().predict(Weights.current(), DATA.tasks.get(0).query()).toFloatArray();
        model.parameters().get("decision.layer2.bias").value().floatStorage()[0] += 1;
        assertArrayEquals(before, trained.model().predict(Weights.current(), DATA.tasks.get(0).query()).toFloatArray());
    }

    @Test
    void recommenderMovesScoresTowardTheRatingsAndNeverChangesTheModel() {
        TrainedMelu trained = TrainedMelu.of(DATA.newModel(MeluConfig.defaults(), 2), DATA.userEncoder,
                DATA.itemEncoder);
        MeluRecommender recommender = new MeluRecommender(trained, DATA.items);
        int[] rated = {10, 11, 12};
        float[] prior = recommender.scores(USER, new int[0], new float[0], rated);
        float[] high = recommender.scores(USER, rated, new float[] {5, 5, 5}, rated);
        float[] low = recommender.scores(USER, rated, new float[] {1, 1, 1}, rated);
        for (int i = 0; i < rated.length; i++) {
            assertTrue(high[i] > prior[i] && low[i] < prior[i], "item " + i + ": " + low[i] + " " + prior[i] + " " + high[i]);
        }
        assertArrayEquals(prior, recommender.scores(USER, new int[0], new float[0], rated), "model was changed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paper", "learned step rates", "user offset", "support shrinkage"})
    void lowRankLocalUpdateMatchesThePlainLocalUpdate(String variant) {
        boolean learnedRates = variant.equals("learned step rates");
        MeluConfig config = MeluConfig.defaults().withLocalSteps(5, 5).withLearnedInnerRates(learnedRates)
                .withUserBias(variant.equals("user offset")).withSupportShrinkage(variant.equals("support shrinkage"));
        MeluModel untrained = DATA.newModel(config, 2);
        if (learnedRates) {
            float[] rates = untrained.parameters().get("inner_rates").value().floatStorage();
            for (int i = 0; i < rates.length; i++) {
                rates[i] = 0.004f + 0.003f * ((i * 7) % rates.length);
            }
        }
        TrainedMelu trained = TrainedMelu.of(untrained, DATA.userEncoder, DATA.itemEncoder);
        MeluModel model = trained.model();
        int[] rated = {3, 17, 17, 40, 41, 99};
        float[] ratings = {5, 1, 2, 4, 3, 5};
        Tensor user;
        Tensor items;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            user = model.userEmbedding(Weights.current(), MeluRecommender.encodeUser(trained.userEncoder(), USER));
            items = model.itemEmbedding(Weights.current(),
                    BatchEncoder.fieldInputs(DATA.items, IntStream.range(0, 200).toArray()));
        }
        Tensor support = Ops.gatherRows(items, rated);
        Tensor target = Tensor.of(ratings, ratings.length);
        Weights stepped = model.adaptationUpdate().adapt(Weights.current(),
                w -> NN.mse(model.decideForUser(w, user, support), target), model.stepScale(Weights.current(),
                        rated.length));
        Weights adapted;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            adapted = model.withUserOffset(stepped, model.decideForUser(stepped, user, support), target);
        }
        MeluRecommender recommender = new MeluRecommender(trained, DATA.items);
        // a candidate list, and the whole catalogue (200 items: a full block and a partial one)
        for (int[] candidates : List.of(new int[] {0, 3, 7, 17, 55, 99, 150, 199}, IntStream.range(0, 200).toArray())) {
            float[] plain;
            float[] plainPrior;
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                plain = model.decideForUser(adapted, user, Ops.gatherRows(items, candidates)).toFloatArray();
                plainPrior = model.decideForUser(Weights.current(), user, Ops.gatherRows(items, candidates))
                        .toFloatArray();
            }
            float[] fast = recommender.scores(USER, rated, ratings, candidates);
            float[] prior = recommender.scores(USER, new int[0], new float[0], candidates);
            for (int i = 0; i < candidates.length; i++) {
                assertEquals(plain[i], fast[i], 1e-4, "candidate " + candidates[i]);
                assertEquals(plainPrior[i], prior[i], 1e-5, "prior of candidate " + candidates[i]);
                assertTrue(Math.abs(plain[i] - prior[i]) > 1e-3, "the update must move candidate " + candidates[i]);
            }
        }
    }

    @Test
    void concurrentCallsGiveTheSameScoresAsSequentialOnes() throws Exception {
        MeluRecommender recommender = new MeluRecommender(TrainedMelu.of(DATA.newModel(MeluConfig.defaults(), 2),
                DATA.userEncoder, DATA.itemEncoder), DATA.items);
        int[] all = IntStream.range(0, 200).toArray();
        List<float[]> expected = new ArrayList<>();
        for (int u = 0; u < 8; u++) {
            expected.add(recommender.scores(USER, new int[] {u, u + 20}, new float[] {u % 5 + 1, 5 - u % 5}, all));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> got = new ArrayList<>();
            for (int u = 0; u < 8; u++) {
                int user = u;
                got.add(pool.submit(() -> recommender.scores(USER, new int[] {user, user + 20},
                        new float[] {user % 5 + 1, 5 - user % 5}, all)));
            }
            for (int u = 0; u < 8; u++) {
                assertArrayEquals(expected.get(u), got.get(u).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badItemsGetAClearError() {
        MeluRecommender recommender = new MeluRecommender(TrainedMelu.of(DATA.newModel(MeluConfig.defaults(), 2),
                DATA.userEncoder, DATA.itemEncoder), DATA.items);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> recommender.scores(USER, new int[] {200}, new float[] {3}, new int[] {0}));
        assertEquals("item index 200 outside the catalogue 0..199", e.getMessage());
    }
}
