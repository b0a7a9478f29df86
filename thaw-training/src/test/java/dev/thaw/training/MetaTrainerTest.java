package dev.thaw.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.data.task.Tasks;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.io.Checkpoint;
import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.models.melu.FieldSpec;
import dev.thaw.models.melu.MeluConfig;
import dev.thaw.models.melu.MeluModel;
import dev.thaw.models.melu.TrainedMelu;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetaTrainerTest {
    private static final int USERS = 240;
    private static final MeluConfig CONFIG = MeluConfig.defaults().withLocalSteps(2, 2);
    private static final FeatureEncoder USER_ENCODER;
    private static final FeatureEncoder ITEM_ENCODER;
    private static final EncodedFeatures USER_ROWS;
    private static final EncodedFeatures ITEM_ROWS;
    private static final List<TaskBatch> TRAINING;
    private static final List<TaskBatch> VALIDATION;

    static {
        RecDataset data = SyntheticGenerator.generate(SyntheticConfig.small(11).withSize(USERS, 200)).dataset();
        int[] users = IntStream.range(0, USERS).toArray();
        int[] items = IntStream.range(0, 200).toArray();
        USER_ENCODER = FeatureEncoder.fit(data.userFeatures().orElseThrow(), users, EncoderOptions.DEFAULTS);
        ITEM_ENCODER = FeatureEncoder.fit(data.itemFeatures().orElseThrow(), items, EncoderOptions.DEFAULTS);
        USER_ROWS = USER_ENCODER.encode(data.userFeatures().orElseThrow());
        ITEM_ROWS = ITEM_ENCODER.encode(data.itemFeatures().orElseThrow());
        BatchEncoder encoder = new BatchEncoder(USER_ROWS, ITEM_ROWS);
        List<TaskBatch> all = Tasks.byUser(data.interactions(), QuerySplitRule.MELU, 11).stream()
                .map(encoder::encode).toList();
        TRAINING = all.subList(0, 180);
        VALIDATION = all.subList(180, all.size());
    }

    private static MeluModel newModel() {
        return newModel(CONFIG);
    }

    private static MeluModel newModel(MeluConfig config) {
        return new MeluModel(FieldSpec.of(USER_ROWS), FieldSpec.of(ITEM_ROWS), config, 3.0, new SplittableRandom(4));
    }

    private static TrainingConfig config(int epochs) {
        return TrainingConfig.of(CONFIG.metaLearningRate(), 16, epochs, 9);
    }

    private static float[][] weights(MeluModel model) {
        return model.parameters().values().stream().map(p -> p.value().toFloatArray()).toArray(float[][]::new);
    }

    @Test
    void metaTrainingLowersValidationMae() {
        MeluModel model = newModel();
        double before;
        try (TaskParallel runner = new TaskParallel(1)) {
            before = MetaTrainer.validationMae(model, VALIDATION, runner);
        }
        TrainingResult result = new MetaTrainer(config(10), StopCriterion.never(), List.of())
                .fit(model, TRAINING, VALIDATION);
        assertTrue(result.bestValidationMae() < before - 0.05, "validation MAE " + before + " -> "
                + result.bestValidationMae());
        try (TaskParallel runner = new TaskParallel(1)) {
            assertEquals(result.bestValidationMae(), MetaTrainer.validationMae(model, VALIDATION, runner), 1e-9,
                    "the model must hold its best epoch's weights");
        }
    }

    @Test
    void supervisedTrainingWithFineTuningLowersValidationMaeAndKeepsTheBestEpoch() {
        MeluModel model = newModel();
        double before;
        try (TaskParallel runner = new TaskParallel(1)) {
            before = MetaTrainer.validationMae(model, VALIDATION, runner);
        }
        List<dev.thaw.data.task.FeatureBatch> rows = TRAINING.stream().map(TaskBatch::support).toList();
        List<Double> history = new SupervisedTrainer(dev.thaw.engine.optim.OptimizerConfig.adam(1e-3), 6, 2)
                .fit(model, epoch -> rows, VALIDATION, 2);
        double best = history.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertTrue(best < before - 0.03, "validation MAE " + before + " -> " + history);
        try (TaskParallel runner = new TaskParallel(1)) {
            assertEquals(best, MetaTrainer.validationMae(model, VALIDATION, runner), 1e-9);
        }
    }

    /** Same seed, 1 or 2 threads: bit-identical weights. */
    @Test
    void sameSeedGivesTheSameWeightsOnOneAndTwoThreads() {
        MeluModel one = newModel();
        MeluModel two = newModel();
        new MetaTrainer(config(1), StopCriterion.never(), List.of()).fit(one, TRAINING, List.of());
        new MetaTrainer(config(1).withThreads(2), StopCriterion.never(), List.of()).fit(two, TRAINING, List.of());
        float[][] a = weights(one);
        float[][] b = weights(two);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i]);
        }
    }

    @ParameterizedTest(name = "learned step rates, user offset and support shrinkage: {0}")
    @ValueSource(booleans = {false, true})
    void taskBatchedTrainingMatchesPerTaskTraining(boolean extensions) {
        MeluConfig config = CONFIG.withLearnedInnerRates(extensions).withUserBias(extensions)
                .withSupportShrinkage(extensions);
        MeluModel perTask = newModel(config);
        MeluModel batched = newModel(config);
        TrainingResult a = new MetaTrainer(config(1), StopCriterion.never(), List.of())
                .fit(perTask, TRAINING, VALIDATION);
        TrainingResult b = new MetaTrainer(config(1).withTaskChunk(4), StopCriterion.never(), List.of())
                .fit(batched, TRAINING, VALIDATION);
        assertEquals(a.trainLossHistory().get(0), b.trainLossHistory().get(0), 1e-3);
        assertEquals(a.bestValidationMae(), b.bestValidationMae(), 1e-3);
        for (Map.Entry<String, Parameter> e : perTask.parameters().entrySet()) {
            float[] x = e.getValue().value().toFloatArray();
            float[] y = batched.parameters().get(e.getKey()).value().toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-4, e.getKey() + "[" + i + "]");
            }
        }
        if (extensions) {
            assertNotEquals(Math.log(5), perTask.parameters().get("user_bias_log_shrinkage").value().get(0), 1e-4,
                    "the meta-gradient must reach the offset's shrinkage");
            assertNotEquals(Math.log(5), perTask.parameters().get("support_log_shrinkage").value().get(0), 1e-4,
                    "the meta-gradient must reach the support shrinkage");
            assertNotEquals(CONFIG.innerLearningRate(), perTask.parameters().get("inner_rates").value().get(7), 1e-5,
                    "the meta-gradient must reach the learned step sizes");
        }
    }

    /** With plain SGD and one meta-batch of every task, training takes exactly -lr times the meta-gradient. */
    @Test
    void aMetaStepAppliesTheMetaGradient() {
        MeluModel model = newModel();
        MetaTrainer.MetaGradient step = MetaTrainer.metaGradient(model, TRAINING);
        float[][] before = weights(model);
        float[][] gradients = model.parameters().values().stream()
                .map(p -> step.gradients().get(p).toFloatArray()).toArray(float[][]::new);
        double lr = 0.5;
        List<Double> losses = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onMetaStep(MetaStepEvent event) {
                losses.add(event.queryLoss());
            }
        };
        new MetaTrainer(new TrainingConfig(dev.thaw.engine.optim.OptimizerConfig.sgd(lr), TRAINING.size(), 1,
                Duration.ZERO, 1, 1, 9), StopCriterion.never(), List.of(recorder)).fit(model, TRAINING, List.of());
        assertEquals(1, losses.size());
        assertEquals(step.loss(), losses.get(0), 1e-5 * step.loss());
        float[][] after = weights(model);
        for (int i = 0; i < before.length; i++) {
            double norm = 0;
            for (int k = 0; k < before[i].length; k++) {
                assertEquals(before[i][k] - lr * gradients[i][k], after[i][k], 1e-6);
                norm += gradients[i][k] * gradients[i][k];
            }
            assertTrue(norm > 1e-12, "parameter " + i + " has no meta-gradient");
        }
    }

    @Test
    void listenersSeeEveryStepAndEpochAndTheTimeBudgetStopsTraining() {
        List<String> events = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onMetaStep(MetaStepEvent event) {
                events.add("step");
            }

            @Override
            public void onEpochEnd(EpochEvent event) {
                events.add("epoch");
            }
        };
        TrainingResult result = new MetaTrainer(config(2), StopCriterion.never(), List.of(recorder))
                .fit(newModel(), TRAINING, VALIDATION);
        int steps = (TRAINING.size() + 15) / 16;
        assertEquals(2 * (steps + 1), events.size());
        assertEquals(TrainingResult.StopReason.MAX_EPOCHS, result.stopReason());
        assertEquals(2L * steps, result.state().metaSteps());

        TrainingResult timed = new MetaTrainer(config(1000).withTimeBudget(Duration.ofMillis(1)), StopCriterion.never(),
                List.of()).fit(newModel(), TRAINING, VALIDATION);
        assertEquals(TrainingResult.StopReason.TIME_BUDGET, timed.stopReason());
        assertEquals(1, timed.state().metaSteps());
    }

    @Test
    void checkpointsResumeWhereTrainingStopped(@TempDir Path dir) throws Exception {
        MeluModel model = newModel();
        new MetaTrainer(config(2), StopCriterion.never(), List.of(checkpoints(dir.resolve("first"), model)))
                .fit(model, TRAINING, VALIDATION);
        Checkpoint last = Checkpoint.load(dir.resolve("first").resolve(CheckpointListener.LAST));
        TrainingState state = last.extra(TrainingState.FILE, TrainingState.class);
        assertEquals(2, state.epochsDone());
        assertEquals(2, state.validationHistory().size());
        assertTrue(dir.resolve("first").resolve(CheckpointListener.BEST).toFile().isDirectory());

        MeluModel resumed = TrainedMelu.from(last).copyModel();
        TrainingResult result = new MetaTrainer(config(3), StopCriterion.never(),
                List.of(checkpoints(dir.resolve("resumed"), resumed)))
                .fit(resumed, epoch -> TRAINING, VALIDATION, state, TrainedMelu.optimizerState(last));
        assertEquals(3, result.state().epochsDone());
        assertEquals(state.metaSteps() + (TRAINING.size() + 15) / 16, result.state().metaSteps());
        assertEquals(3, result.state().validationHistory().size());

        MeluModel straight = newModel();
        new MetaTrainer(config(3), StopCriterion.never(), List.of(checkpoints(dir.resolve("straight"), straight)))
                .fit(straight, TRAINING, VALIDATION);
        Map<String, Tensor> expected = Checkpoint.load(dir.resolve("straight").resolve(CheckpointListener.LAST)).tensors();
        Map<String, Tensor> actual = Checkpoint.load(dir.resolve("resumed").resolve(CheckpointListener.LAST)).tensors();
        assertEquals(expected.keySet(), actual.keySet());
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith(TrainedMelu.OPTIMIZER_PREFIX)));
        expected.forEach((name, t) -> assertArrayEquals(t.toFloatArray(), actual.get(name).toFloatArray(),
                "resumed run differs from the uninterrupted one in " + name));

        MeluModel freshMoments = TrainedMelu.from(last).copyModel();
        new MetaTrainer(config(3), StopCriterion.never(), List.of()).fit(freshMoments, TRAINING, VALIDATION, state);
        Parameter weight = freshMoments.parameters().get("decision.layer0.weight");
        assertTrue(!java.util.Arrays.equals(expected.get("decision.layer0.weight").toFloatArray(),
                weight.value().toFloatArray()), "without the optimiser state the resumed run must differ");
    }

    private static CheckpointListener checkpoints(Path dir, MeluModel model) {
        return new CheckpointListener(dir, (target, state, optimizerState) ->
                TrainedMelu.of(model, USER_ENCODER, ITEM_ENCODER).save(target, Map.of(TrainingState.FILE, state),
                        optimizerState));
    }
}
