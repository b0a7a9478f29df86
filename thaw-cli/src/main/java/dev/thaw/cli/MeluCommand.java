package dev.thaw.cli;

import dev.thaw.data.io.MeluData;
import dev.thaw.data.split.Scenario;
import dev.thaw.engine.io.Checkpoint;
import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.eval.EncodedSplit;
import dev.thaw.eval.EvidenceEvaluation;
import dev.thaw.eval.MeluExperiment;
import dev.thaw.eval.Report;
import dev.thaw.eval.TaskPredictor;
import dev.thaw.eval.baseline.Baselines;
import dev.thaw.models.melu.EvidenceCandidates;
import dev.thaw.models.melu.MeluConfig;
import dev.thaw.models.melu.MeluModel;
import dev.thaw.models.melu.TrainedMelu;
import dev.thaw.models.serving.ServingCatalogue;
import dev.thaw.models.widedeep.WideDeepConfig;
import dev.thaw.service.model.LoadedModel;
import dev.thaw.service.model.ModelLoader;
import dev.thaw.training.CheckpointListener;
import dev.thaw.training.MetaTrainer;
import dev.thaw.training.ProgressListener;
import dev.thaw.training.StopCriterion;
import dev.thaw.training.TrainingConfig;
import dev.thaw.training.TrainingListener;
import dev.thaw.training.TrainingResult;
import dev.thaw.training.TrainingState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thaw melu train|evaluate}: MeLU on MovieLens-1M under our honest protocol or MeLU's own. */
@Command(name = "melu", mixinStandardHelpOptions = true,
        description = "MeLU (meta-learned user preference estimator) on MovieLens-1M.",
        subcommands = {MeluCommand.Train.class, MeluCommand.Evaluate.class, MeluCommand.Recommend.class,
                MeluCommand.Evidence.class})
final class MeluCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "name a subcommand: 'thaw melu train' or 'thaw melu evaluate'");
    }

    /** Options both subcommands share. */
    static class DataOptions {
        @Option(names = "--data", description = "Folder with ml-1m/ and melu-ml-1m/ (default $THAW_DATA, else ../shared/data).")
        Path data;

        @Option(names = "--protocol", defaultValue = "HONEST",
                description = "HONEST (new users held out by seed, items after 1997 new, validation/test folds) "
                        + "or MELU (MeLU's state files; 85%% of warm users train, 15%% validate; the warm figure is on "
                        + "training users, as in the paper). Default ${DEFAULT-VALUE}.")
        Ml1mSplits.Protocol protocol;

        @Option(names = "--seed", defaultValue = "2019", description = "Seed of split, model and training (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", defaultValue = "2", description = "Threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--json", description = "Print only the JSON results.")
        boolean jsonOnly;
    }

    /** Baselines that need training of their own: Wide&Deep always, the supervised network on request. */
    static class BaselineOptions {
        @Option(names = "--wide-deep-epochs", defaultValue = "20",
                description = "Epoch limit of the Wide&Deep baseline, which is early-stopped on validation users "
                        + "(default ${DEFAULT-VALUE}).")
        int wideDeepEpochs;

        @Option(names = "--supervised-baseline",
                description = "Also train the same network normally on the training ratings (early-stopped on "
                        + "validation users) and report it with and without per-user fine-tuning: fine-tune vs meta-learn.")
        boolean supervised;

        WideDeepConfig wideDeep() {
            return WideDeepConfig.defaults().withMaxEpochs(wideDeepEpochs);
        }

        /** The baselines' settings, for the run's recorded configuration. */
        Map<String, Object> describe() {
            return Map.of("wide_deep", wideDeep(), "supervised_baseline", supervised);
        }

        Map<String, TaskPredictor> extra(EncodedSplit data, MeluConfig config, DataOptions options) {
            Map<String, TaskPredictor> extra = new LinkedHashMap<>(MeluExperiment.trainedBaselines(data,
                    wideDeep(), options.seed, options.threads));
            if (supervised) {
                MeluModel model = MeluExperiment.supervisedModel(data, config, options.seed, 30, options.threads);
                extra.put("supervised, no fine-tune", Baselines.metaModel(model, false));
                extra.put("supervised + fine-tune", Baselines.metaModel(model, true));
                if (data.itemEvidence().size() > 0) {
                    extra.put("supervised + fine-tune" + MeluExperiment.WITH_ITEM_EVIDENCE,
                            MeluExperiment.withItemEvidence(data, model, true));
                }
            }
            return extra;
        }
    }

    /** {@code thaw melu train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Meta-train MeLU, keep the best validation epoch, then evaluate every scenario.",
                    "Writes config.json, results.json, model/ and checkpoints/{last,best} under --out."})
    static final class Train implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        DataOptions options = new DataOptions();

        @picocli.CommandLine.Mixin
        BaselineOptions baselines = new BaselineOptions();

        @Option(names = "--preset", defaultValue = "THAW",
                description = "THAW (TUNED plus the user offset, " + Preset.THAW_PRETRAIN_EPOCHS + " epochs of "
                        + "normal pre-training and meta lr " + Preset.THAW_META_LR + ": best on validation users), TUNED (MeLU as published with inner lr "
                        + "0.01, meta lr 1e-3, 5 local steps), PAPER1 or PAPER5 (alpha 5e-6, beta 5e-5, 1 or 5 "
                        + "local steps). Default ${DEFAULT-VALUE}.")
        Preset preset;

        @Option(names = "--local-steps", description = "Override the local steps (training and adaptation).")
        Integer localSteps;

        @Option(names = "--inner-lr", description = "Override the local step size alpha.")
        Double innerLr;

        @Option(names = "--meta-lr", description = "Override the global step size beta.")
        Double metaLr;

        @Option(names = "--learned-inner-rates", description = "Meta-learn the local step size per local step and "
                + "decision tensor (MAML++'s LSLR), starting from alpha; default: one fixed alpha, as in the paper.")
        boolean learnedInnerRates;

        @Option(names = "--user-bias", negatable = true, description = "After the local update, add the user's "
                + "closed-form rating offset (support residuals summed over support size + a meta-learned lambda). "
                + "Default: on with preset THAW, off otherwise (as in the paper).")
        Boolean userBias;

        @Option(names = "--support-shrinkage", negatable = true, description = "Scale the local steps by "
                + "n / (n + kappa) for n ratings, kappa meta-learned (starting at 5), so one or two ratings move the "
                + "model less than fifty. Default: on with preset THAW, off otherwise (as in the paper).")
        Boolean supportShrinkage;

        @Option(names = "--pretrain-epochs", description = "First train the network normally on the training "
                + "ratings for at most this many epochs (early-stopped on the validation users after their local "
                + "update), then meta-train from there. Default: " + Preset.THAW_PRETRAIN_EPOCHS + " with preset "
                + "THAW, else 0 (from the random initialisation, as in the paper).")
        Integer pretrainEpochs;

        @Option(names = "--small-supports", description = "Share of each epoch's training tasks whose support set is "
                + "cut to a random 1 to " + EncodedSplit.SMALL_SUPPORT_MAX + " ratings, so the model also learns to "
                + "adapt on a handful of ratings. Default: the preset's (" + Preset.THAW_SMALL_SUPPORTS
                + " for THAW, else 0).")
        Double smallSupports;

        @Option(names = "--first-order", description = "First-order MAML (default: second order).")
        boolean firstOrder;

        @Option(names = "--epochs", defaultValue = "30", description = "Epoch limit (default ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--seconds", defaultValue = "0", description = "Meta-training time budget in seconds, "
                + "0 = none (default ${DEFAULT-VALUE}); pre-training is bounded by --pretrain-epochs.")
        int seconds;

        @Option(names = "--patience", defaultValue = "3",
                description = "Stop after this many epochs without a better validation MAE (default ${DEFAULT-VALUE}).")
        int patience;

        @Option(names = "--task-chunk", defaultValue = "1",
                description = "Tasks per task-batched graph; 1 = one graph per task (default ${DEFAULT-VALUE}).")
        int taskChunk;

        @Option(names = "--resample-tasks", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Give every training user a fresh random support/query split each epoch (default: on; "
                        + "--no-resample-tasks keeps one fixed split, as MeLU's code does).")
        boolean resampleTasks;

        @Option(names = "--min-count", defaultValue = "1",
                description = "A feature value needs this many training users (user fields) or movies (item fields) "
                        + "to get its own embedding; rarer ones share the unknown-value embedding (default ${DEFAULT-VALUE}).")
        int minCount;

        @Option(names = "--validate-on", split = ",", defaultValue = "USER_COLD", paramLabel = "SCENARIO",
                description = "Scenarios whose validation users early stopping (and pre-training) watches, pooled: "
                        + "USER_COLD (default), ITEM_COLD, USER_AND_ITEM_COLD, WARM; e.g. USER_COLD,ITEM_COLD to stop "
                        + "before the item side stops transferring to new movies. Honest protocol only.")
        List<Scenario> validateOn;

        @Option(names = "--resume", description = "Checkpoint folder to resume from (e.g. OUT/checkpoints/last).")
        Path resume;

        @Option(names = "--out", description = "Run folder (default runs/melu-<time>).")
        Path out;

        /** Hyper-parameter presets. */
        enum Preset {
            THAW, TUNED, PAPER1, PAPER5;

            /** Epochs of normal pre-training the THAW preset starts with. */
            static final int THAW_PRETRAIN_EPOCHS = 12;
            /** Share of training tasks with cut supports under the THAW preset. */
            static final double THAW_SMALL_SUPPORTS = 0.3;
            /** The THAW preset's meta (and pre-training) learning rate: lower than TUNED's, as it starts trained. */
            static final double THAW_META_LR = 3e-4;

            MeluConfig config() {
                return switch (this) {
                    case THAW -> MeluConfig.defaults().withUserBias(true).withSupportShrinkage(true)
                            .withLearningRates(0.01, THAW_META_LR);
                    case TUNED -> MeluConfig.defaults();
                    case PAPER1 -> MeluConfig.paper(1);
                    case PAPER5 -> MeluConfig.paper(5);
                };
            }

            int pretrainEpochs() {
                return this == THAW ? THAW_PRETRAIN_EPOCHS : 0;
            }

            double smallSupports() {
                return this == THAW ? THAW_SMALL_SUPPORTS : 0;
            }
        }

        @Override
        public Integer call() throws Exception {
            MeluConfig melu = preset.config();
            int pretrain = pretrainEpochs != null ? pretrainEpochs : preset.pretrainEpochs();
            double smallSupportShare = smallSupports != null ? smallSupports : preset.smallSupports();
            if (!(smallSupportShare >= 0 && smallSupportShare <= 1)) {
                throw new IllegalArgumentException("--small-supports must lie in [0, 1], got " + smallSupportShare);
            }
            if (localSteps != null) {
                melu = melu.withLocalSteps(localSteps, localSteps);
            }
            if (innerLr != null || metaLr != null) {
                melu = melu.withLearningRates(innerLr != null ? innerLr : melu.innerLearningRate(),
                        metaLr != null ? metaLr : melu.metaLearningRate());
            }
            melu = melu.withSecondOrder(!firstOrder).withLearnedInnerRates(learnedInnerRates);
            if (userBias != null) {
                melu = melu.withUserBias(userBias);
            }
            if (supportShrinkage != null) {
                melu = melu.withSupportShrinkage(supportShrinkage);
            }
            TrainingConfig training = TrainingConfig.of(melu.metaLearningRate(), melu.metaBatchSize(), epochs,
                    options.seed).withThreads(options.threads).withTaskChunk(taskChunk)
                    .withTimeBudget(Duration.ofSeconds(seconds));
            Path dir = out != null ? out : RunFolder.create("melu");

            Checkpoint resumed = resume != null ? Checkpoint.load(resume) : null;
            TrainedMelu start = resumed != null ? TrainedMelu.from(resumed) : null;
            Path dataDir = Ml1mSplits.dataDir(options.data);
            MeluData raw = MeluData.load(dataDir.resolve("ml-1m"), dataDir.resolve("melu-ml-1m"));
            EncodedSplit data = Ml1mSplits.load(raw,
                    options.protocol, options.seed,
                    start != null ? new EncodedSplit.Encoders(start.userEncoder(), start.itemEncoder()) : null, minCount,
                    validateOn);
            MeluModel model = start != null ? start.copyModel() : MeluExperiment.newModel(data, melu, options.seed);
            List<Double> pretraining = start == null && pretrain > 0
                    ? MeluExperiment.trainNormally(model, data, options.seed, pretrain, options.threads,
                    options.jsonOnly ? null : System.err) : List.of();
            TrainingState state = resumed != null ? resumed.extra(TrainingState.FILE, TrainingState.class)
                    : TrainingState.initial();

            Map<String, Object> config = new LinkedHashMap<>();
            config.put("command", "thaw melu train");
            config.put("protocol", options.protocol);
            config.put("seed", options.seed);
            config.put("melu", model.config());
            config.put("training", Map.of("optimizer", training.optimizer(), "meta_batch_size", training.metaBatchSize(),
                    "max_epochs", epochs, "time_budget_s", seconds, "threads", options.threads, "task_chunk", taskChunk));
            config.put("patience", patience);
            config.put("min_count", minCount);
            config.put("validate_on", validateOn);
            config.put("resample_tasks", resampleTasks);
            config.put("preset", preset);
            config.put("pretrain_epochs", pretrain);
            config.put("small_supports", smallSupportShare);
            config.put("baselines", baselines.describe());
            config.put("resumed_from", resume != null ? resume.toString() : null);
            config.put("environment", RunFolder.environment());
            RunFolder.writeJson(dir.resolve("config.json"), config);

            List<TrainingListener> listeners = new ArrayList<>();
            if (!options.jsonOnly) {
                listeners.add(new ProgressListener(System.err, 5000));
            }
            listeners.add(new CheckpointListener(dir.resolve("checkpoints"), (target, s, optimizerState) ->
                    TrainedMelu.of(model, data.userEncoder(), data.itemEncoder())
                            .save(target, Map.of(TrainingState.FILE, s), optimizerState)));
            TrainingResult result = new MetaTrainer(training, StopCriterion.patience(patience, 0.0005), listeners)
                    .fit(model, epoch -> data.trainingTasksOfEpoch(epoch, resampleTasks, smallSupportShare, options.seed),
                            data.validationTasks(), state,
                            resumed != null ? TrainedMelu.optimizerState(resumed) : Map.of());
            TrainedMelu trained = TrainedMelu.of(model, data.userEncoder(), data.itemEncoder());
            double[] evidence = EvidenceCandidates.compute(model, data.trainingTasks(), data.items().entityCount())
                    .score();
            trained.save(dir.resolve("model"), Map.of(TrainingState.FILE, result.state(), ServingCatalogue.FILE,
                    ServingCatalogue.of("melu", config, raw.dataset(), evidence, DemoCommand.SERVED_EVIDENCE)));

            Map<String, Object> results = new LinkedHashMap<>();
            results.put("pretraining_validation_mae", pretraining);
            results.put("training", result);
            results.put("scenarios", evaluate(data, model, baselines.extra(data, model.config(), options), options,
                    System.err));
            RunFolder.writeJson(dir.resolve("results.json"), results);
            if (!options.jsonOnly) {
                System.err.println("config, results and model written to " + dir);
            }
            Output.json(results);
            return 0;
        }
    }

    /** {@code thaw melu evaluate}. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Evaluate a trained MeLU model and the baselines on every scenario's test users.")
    static final class Evaluate implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        DataOptions options = new DataOptions();

        @picocli.CommandLine.Mixin
        BaselineOptions baselines = new BaselineOptions();

        @Option(names = "--model", required = true, description = "A model folder written by 'thaw melu train' (RUN/model).")
        Path model;

        @Override
        public Integer call() throws Exception {
            TrainedMelu trained = TrainedMelu.load(model);
            EncodedSplit data = Ml1mSplits.load(Ml1mSplits.dataDir(options.data), options.protocol, options.seed,
                    new EncodedSplit.Encoders(trained.userEncoder(), trained.itemEncoder()));
            Output.json(Map.of("model", model.toString(), "protocol", options.protocol, "seed", options.seed,
                    "baselines", baselines.describe(), "scenarios", evaluate(data, trained.copyModel(), baselines.extra(data, trained.config(), options),
                            options, System.err)));
            return 0;
        }
    }

    /** {@code thaw melu recommend}. */
    @Command(name = "recommend", mixinStandardHelpOptions = true,
            description = "Top movies for a new user from their features and a few ratings (MeLU's local update).")
    static final class Recommend implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "A model folder written by 'thaw melu train' or "
                + "'thaw demo' (RUN/model; its serving.json holds the catalogue, so no dataset is needed).")
        Path model;

        @Option(names = "--user", split = ",", description = "User features as field=value, e.g. gender=F,age=25,occupation=4,zip=55455.")
        Map<String, String> user = new LinkedHashMap<>();

        @Option(names = "--rate", split = ",", description = "Item id=rating pairs (MovieLens movie ids for ML-1M), e.g. 1196=5,2858=2.")
        Map<String, Float> ratings = new LinkedHashMap<>();

        @Option(names = "--top", defaultValue = "10", description = "Items to list (default ${DEFAULT-VALUE}).")
        int top;

        @Override
        public Integer call() throws Exception {
            LoadedModel loaded = ModelLoader.load(model);
            ServingCatalogue.RatingScale scale = loaded.catalogue().ratingScale();
            int[] rated = new int[ratings.size()];
            float[] values = new float[ratings.size()];
            int k = 0;
            for (Map.Entry<String, Float> rating : ratings.entrySet()) {
                rated[k] = loaded.indexOf(rating.getKey());
                if (rated[k] < 0) {
                    throw new IllegalArgumentException("--rate: item '" + rating.getKey() + "' is not in the model's catalogue");
                }
                if (!scale.accepts(rating.getValue())) {
                    throw new IllegalArgumentException("--rate: rating " + rating.getValue() + " of item '" + rating.getKey()
                            + "' is off the model's scale " + scale.min() + ".." + scale.max());
                }
                values[k++] = rating.getValue();
            }
            BitSet ratedSet = new BitSet();
            Arrays.stream(rated).forEach(ratedSet::set);
            int[] candidates = IntStream.range(0, loaded.itemCount()).filter(i -> !ratedSet.get(i)).toArray();
            float[] scores = loaded.model().scores(user, rated, values, candidates);
            List<Map<String, Object>> list = IntStream.range(0, candidates.length).boxed()
                    .sorted((a, b) -> Float.compare(scores[b], scores[a])).limit(top)
                    .map(i -> {
                        ServingCatalogue.CatalogueItem item = loaded.item(candidates[i]);
                        return Map.<String, Object>of("item", item.id(), "title", item.title(), "genres", item.genres(),
                                "predicted", Math.round(scores[i] * 1000) / 1000.0);
                    })
                    .toList();
            list.forEach(m -> System.err.printf("  %.3f  %s%n", (Double) m.get("predicted"), m.get("title")));
            Output.json(Map.of("model", loaded.version(), "user", user, "ratings", ratings, "top", list));
            return 0;
        }
    }

    /** {@code thaw melu evidence}. */
    @Command(name = "evidence", mixinStandardHelpOptions = true,
            description = {"List MeLU's evidence candidates (items that reveal a new user's taste fastest) and test them:",
                    "new test users are asked about the top k (1..K) evidence, most popular or random items, the model",
                    "adapts on the ones they rated, and the MAE on their query ratings is reported per k."})
    static final class Evidence implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        DataOptions options = new DataOptions();

        @Option(names = "--model", required = true, description = "A model folder written by 'thaw melu train' (RUN/model).")
        Path model;

        @Option(names = "--max-k", defaultValue = "20", description = "Largest number of asked items (default ${DEFAULT-VALUE}).")
        int maxK;

        @Option(names = "--top", defaultValue = "10", description = "Evidence items to list (default ${DEFAULT-VALUE}).")
        int top;

        @Override
        public Integer call() throws Exception {
            if (maxK < 1 || top < 1) {
                throw new IllegalArgumentException("--max-k and --top must be >= 1");
            }
            TrainedMelu trained = TrainedMelu.load(model);
            MeluData raw = MeluData.load(Ml1mSplits.dataDir(options.data).resolve("ml-1m"),
                    Ml1mSplits.dataDir(options.data).resolve("melu-ml-1m"));
            EncodedSplit data = Ml1mSplits.load(raw, options.protocol, options.seed,
                    new EncodedSplit.Encoders(trained.userEncoder(), trained.itemEncoder()), 1);
            MeluModel melu = trained.copyModel();
            EvidenceCandidates evidence = EvidenceCandidates.compute(melu, data.trainingTasks(), data.items().entityCount());
            List<String> titles = raw.dataset().itemTitles().orElse(List.of());
            List<Map<String, Object>> items = new ArrayList<>();
            for (int item : evidence.top(top)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("item", raw.dataset().interactions().items().raw(item));
                row.put("title", item < titles.size() ? titles.get(item) : "");
                row.put("score", evidence.score()[item]);
                row.put("gradient_norm", evidence.gradientNorm()[item]);
                row.put("popularity", evidence.popularity()[item]);
                items.add(row);
            }
            List<EvidenceEvaluation.Curve> curves;
            try (TaskParallel runner = new TaskParallel(options.threads)) {
                curves = EvidenceEvaluation.evaluate(melu, evidence, data.testTasks().get(Scenario.USER_COLD), maxK,
                        options.seed, runner);
            }
            if (!options.jsonOnly) {
                items.forEach(row -> System.err.printf("  %-60s score %.3f  (grad %.3f, %s ratings)%n", row.get("title"),
                        row.get("score"), row.get("gradient_norm"), row.get("popularity")));
                System.err.printf("%n  %3s  %s%n", "k", curves.stream().map(c -> String.format("%-22s", c.strategy()
                        + " MAE (answers)")).toList());
                for (int k = 0; k < maxK; k++) {
                    int kk = k;
                    System.err.printf("  %3d  %s%n", k + 1, curves.stream().map(c -> String.format("%.4f (%5.2f)         ",
                            c.mae()[kk], c.meanAnswers()[kk])).toList());
                }
            }
            Output.json(Map.of("model", model.toString(), "protocol", options.protocol, "top_evidence", items,
                    "curves", curves));
            return 0;
        }
    }

    private static Map<String, Object> evaluate(EncodedSplit data, MeluModel model, Map<String, TaskPredictor> extra,
                                                DataOptions options, java.io.PrintStream err) {
        Map<Scenario, List<Report>> reports;
        try (TaskParallel runner = new TaskParallel(options.threads)) {
            reports = MeluExperiment.evaluate(data, model, extra, runner);
        }
        if (!options.jsonOnly) {
            Reports.print(reports, err);
        }
        return Reports.byScenario(reports);
    }
}
