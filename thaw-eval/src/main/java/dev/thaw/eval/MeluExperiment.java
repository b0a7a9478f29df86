package dev.thaw.eval;

import dev.thaw.data.split.Scenario;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.engine.optim.OptimizerConfig;
import dev.thaw.eval.baseline.Baselines;
import dev.thaw.models.MetaModel;
import dev.thaw.models.melu.FieldSpec;
import dev.thaw.models.melu.MeluConfig;
import dev.thaw.models.melu.MeluModel;
import dev.thaw.models.melu.TrainedMelu;
import dev.thaw.models.widedeep.WideDeepConfig;
import dev.thaw.models.widedeep.WideDeepModel;
import dev.thaw.training.MetaTrainer;
import dev.thaw.training.StopCriterion;
import dev.thaw.training.SupervisedTrainer;
import dev.thaw.training.TrainingConfig;
import dev.thaw.training.TrainingListener;
import dev.thaw.training.TrainingResult;
import dev.thaw.training.TrainingState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * MeLU end to end on an encoded honest split: meta-train with early stopping on validation users,
 * then evaluate every test scenario for MeLU with and without the local update and for the
 * baselines (global mean, item mean, support mean, shrunk support mean, user + item bias, and
 * Wide&amp;Deep, trained here on the same split).
 */
public final class MeluExperiment {
    /** Report name of the Wide&amp;Deep baseline. */
    public static final String WIDE_AND_DEEP = "wide & deep";
    /** Suffix of the report names of predictors given the new items' first ratings. */
    public static final String WITH_ITEM_EVIDENCE = " + item evidence";

    private MeluExperiment() {
    }

    /**
     * What a run produced.
     *
     * @param training what training did
     * @param model    the trained model (best validation epoch)
     * @param reports  per scenario, one report per predictor, MeLU first
     */
    public record Result(TrainingResult training, TrainedMelu model, Map<Scenario, List<Report>> reports) {
    }

    /** A fresh MeLU model for the split's fields; the seed fixes the initial weights. */
    public static MeluModel newModel(EncodedSplit data, MeluConfig config, long seed) {
        return new MeluModel(FieldSpec.of(data.users()), FieldSpec.of(data.items()), config, data.globalMean(),
                new SplittableRandom(seed));
    }

    /**
     * Trains a fresh model (each epoch with freshly split training tasks), then evaluates it and
     * the baselines (Wide&amp;Deep with default settings, same seed and threads) on every test scenario.
     */
    public static Result run(EncodedSplit data, MeluConfig config, TrainingConfig training, StopCriterion stop,
                             List<TrainingListener> listeners) {
        MeluModel model = newModel(data, config, training.seed());
        TrainingResult result = new MetaTrainer(training, stop, listeners).fit(model,
                epoch -> data.trainingTasksOfEpoch(epoch, true, training.seed()), data.validationTasks(),
                TrainingState.initial());
        TrainedMelu trained = TrainedMelu.of(model, data.userEncoder(), data.itemEncoder());
        try (TaskParallel runner = new TaskParallel(training.threads())) {
            return new Result(result, trained, evaluate(data, model,
                    trainedBaselines(data, WideDeepConfig.defaults(), training.seed(), training.threads()), runner));
        }
    }

    /**
     * The "train normally, fine-tune per user" baseline: the same architecture trained on the
     * training rows by minibatch MSE (batches of 256, Adam at the config's meta learning rate),
     * early-stopped on the validation users' MAE after the same local update MeLU uses.
     */
    public static MeluModel supervisedModel(EncodedSplit data, MeluConfig config, long seed, int maxEpochs,
                                            int threads) {
        MeluModel model = newModel(data, config, seed);
        trainNormally(model, data, seed, maxEpochs, threads, null);
        return model;
    }

    /**
     * Trains {@code model} in place as {@link #supervisedModel} does (also the pre-training before
     * meta-training that {@code thaw melu train --pretrain-epochs} asks for), with progress lines on
     * {@code progress} (null: none); returns the validation MAE history.
     */
    public static List<Double> trainNormally(MeluModel model, EncodedSplit data, long seed, int maxEpochs,
                                             int threads, java.io.PrintStream progress) {
        BatchEncoder encoder = new BatchEncoder(data.users(), data.items());
        SupervisedTrainer trainer = new SupervisedTrainer(OptimizerConfig.adam(model.config().metaLearningRate()),
                maxEpochs, 2);
        return (progress != null ? trainer.withProgress(progress) : trainer)
                .fit(model, epoch -> encoder.shuffledBatches(data.training(), 256, seed + epoch),
                        data.validationTasks(), threads);
    }

    /**
     * Wide&amp;Deep trained normally on the training rows (shuffled minibatches, Adam, MSE),
     * early-stopped on the validation users' MAE without adaptation; the seed fixes weights and batches.
     */
    public static WideDeepModel wideDeepModel(EncodedSplit data, WideDeepConfig config, long seed, int threads) {
        WideDeepModel model = new WideDeepModel(FieldSpec.of(data.users()), FieldSpec.of(data.items()), config,
                data.globalMean(), new SplittableRandom(seed));
        BatchEncoder encoder = new BatchEncoder(data.users(), data.items());
        new SupervisedTrainer(OptimizerConfig.adam(config.learningRate()), config.maxEpochs(), config.patience())
                .fitWithoutAdaptation(model, epoch -> encoder.shuffledBatches(data.training(), config.batchSize(),
                        seed + epoch), data.validationTasks(), threads);
        return model;
    }

    /** The trained baselines every report shows, by report name: {@value #WIDE_AND_DEEP}. */
    public static Map<String, TaskPredictor> trainedBaselines(EncodedSplit data, WideDeepConfig wideDeep, long seed,
                                                              int threads) {
        return Map.of(WIDE_AND_DEEP, Baselines.withoutAdaptation(wideDeepModel(data, wideDeep, seed, threads)));
    }

    /**
     * {@code model} given the new items' first ratings ({@link EncodedSplit#itemEvidence}): their
     * offsets against its predictions without adaptation, shrunk like the baselines' user bias, are
     * part of every prediction ({@link ItemOffsets#around}).
     */
    public static TaskPredictor withItemEvidence(EncodedSplit data, MetaModel model, boolean localUpdate) {
        return ItemOffsets.fit(data.itemEvidence(), model, new BatchEncoder(data.users(), data.items()),
                Baselines.SHRINKAGE).around(model, localUpdate);
    }

    /**
     * Every predictor, then {@code extra} ones, on every test scenario; where the split has item evidence,
     * then MeLU (with and without its local update) and user + item bias with it ({@value #WITH_ITEM_EVIDENCE}).
     */
    public static Map<Scenario, List<Report>> evaluate(EncodedSplit data, MeluModel model,
                                                       Map<String, TaskPredictor> extra, TaskParallel runner) {
        Map<String, TaskPredictor> predictors = new LinkedHashMap<>();
        predictors.put("MeLU", Baselines.metaModel(model, true));
        predictors.put("MeLU without local update", Baselines.metaModel(model, false));
        predictors.put("global mean", Baselines.globalMean(data.globalMean()));
        predictors.put("item mean", Baselines.itemMean(data.training(), data.globalMean()));
        predictors.put("support mean", Baselines.supportMean(data.globalMean()));
        predictors.put("shrunk support mean", Baselines.shrunkSupportMean(data.globalMean(), Baselines.SHRINKAGE));
        predictors.put("user + item bias", Baselines.userAndItemBias(data.training(), data.globalMean()));
        predictors.putAll(extra);
        if (data.itemEvidence().size() > 0) {
            predictors.put("MeLU" + WITH_ITEM_EVIDENCE, withItemEvidence(data, model, true));
            predictors.put("MeLU without local update" + WITH_ITEM_EVIDENCE, withItemEvidence(data, model, false));
            predictors.put("user + item bias" + WITH_ITEM_EVIDENCE, Baselines.userAndItemBias(data.training(),
                    data.globalMean(), ItemOffsets.fit(data.itemEvidence(), data.globalMean(), Baselines.SHRINKAGE)));
        }
        Map<Scenario, List<Report>> reports = new EnumMap<>(Scenario.class);
        for (Map.Entry<Scenario, List<TaskBatch>> e : data.testTasks().entrySet()) {
            List<Report> list = new ArrayList<>();
            predictors.forEach((name, p) -> list.add(ColdStartEvaluation.evaluate(name, p, e.getValue(), runner)));
            reports.put(e.getKey(), List.copyOf(list));
        }
        return reports;
    }
}
