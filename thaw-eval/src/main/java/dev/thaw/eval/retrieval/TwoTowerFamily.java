package dev.thaw.eval.retrieval;

import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.engine.optim.OptimizerConfig;
import dev.thaw.models.retrieval.Retriever;
import dev.thaw.models.retrieval.softmax.AccidentalHits;
import dev.thaw.models.retrieval.softmax.FrequencyEstimator;
import dev.thaw.models.retrieval.softmax.LossConfig;
import dev.thaw.models.retrieval.twotower.TowerFeatures;
import dev.thaw.models.retrieval.twotower.TrainedTwoTower;
import dev.thaw.models.retrieval.twotower.TwoTowerConfig;
import dev.thaw.models.retrieval.twotower.TwoTowerModel;
import dev.thaw.training.mf.FitProgress;
import dev.thaw.training.retrieval.RetrievalTrainingListener;
import dev.thaw.training.retrieval.TwoTowerFit;
import dev.thaw.training.retrieval.TwoTowerTrainer;
import dev.thaw.training.retrieval.TwoTowerTrainingConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The two-tower softmax model as a {@link RetrieverFamily}: towers over the dataset's side features
 * (when it has them and {@code features=true}), item IDs and the user's history bag, trained by
 * {@link TwoTowerTrainer} with the chosen loss; early stopping on validation Recall@20 over the full
 * corpus. Returns a {@code TrainedTwoTower}.
 */
final class TwoTowerFamily implements RetrieverFamily {
    /** The metric early stopping maximises. */
    static final String STOPPING_METRIC = "recall@20";
    private static final Map<String, LossConfig.Kind> LOSSES = new TreeMap<>(Map.of("full", LossConfig.Kind.FULL,
            "uniform", LossConfig.Kind.UNIFORM, "popularity", LossConfig.Kind.POPULARITY,
            "in-batch", LossConfig.Kind.IN_BATCH, "hard", LossConfig.Kind.HARD));
    private static final Map<String, AccidentalHits> HITS = new TreeMap<>(Map.of("user", AccidentalHits.USER_POSITIVES,
            "label", AccidentalHits.LABEL, "none", AccidentalHits.NONE));

    @Override
    public String name() {
        return "two-tower";
    }

    @Override
    public String description() {
        return "two-tower softmax model (features, item IDs, history bag) with full, sampled, in-batch or hard negatives";
    }

    @Override
    public Map<String, String> parameters() {
        TwoTowerConfig m = TwoTowerConfig.defaults();
        TwoTowerTrainingConfig t = TwoTowerTrainingConfig.defaults(0);
        FrequencyEstimator.Config e = FrequencyEstimator.Config.defaults();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("loss", "in-batch: full, uniform, popularity, in-batch or hard");
        p.put("logq", "true for popularity and in-batch: subtract log Q(candidate) from every logit");
        p.put("q", "known: in-batch Q from training counts, or streaming (Yi et al. frequency estimator)");
        p.put("hits", "user: remove negatives that are any training positive of the user; label (TFRS) or none");
        p.put("negatives", "512 (hard: 64 per row): sampled negatives per batch");
        p.put("exponent", "0.75: popularity sampling Q proportional to count^exponent");
        p.put("hard-share", "0.5: share of hard negatives that are mined (rest uniform)");
        p.put("hard-refresh", "50: steps between refreshes of the mining pool's item embeddings");
        p.put("hard-pool", "0: items scored when mining, 0 = the whole corpus");
        p.put("hard-skip", "0: top-scored non-positives skipped before mining (they are often unlabelled positives)");
        p.put("est-alpha", e.alpha() + ": streaming estimator learning rate");
        p.put("est-buckets", e.buckets() + ": streaming estimator cells per hash function");
        p.put("est-hashes", e.hashes() + ": streaming estimator hash functions");
        p.put("est-max", e.maxGap() + ": take the largest gap over the hash functions");
        p.put("temperature", m.temperature() + ": logits = scores / temperature");
        p.put("normalize", m.normalize() + ": L2-normalise both towers' outputs");
        p.put("dim", m.dim() + ": output dimension of both towers");
        p.put("field-dim", m.fieldDim() + ": embedding size per feature field");
        p.put("id-dim", m.idDim() + ": user-ID / item-ID / history embedding size");
        p.put("hidden", m.hidden().get(0) + ": hidden layer width of each tower, 0 for none");
        p.put("user-id", m.userId() + ": user-ID embedding in the user tower");
        p.put("item-id", m.itemId() + ": item-ID embedding in the item tower");
        p.put("history", m.historySize() + ": training items pooled into the user tower, 0 for none");
        p.put("features", "true: use the dataset's user and item side features");
        p.put("batch", t.batchSize() + ": training pairs per step");
        p.put("lr", t.optimizer().learningRate() + ": Adam step size");
        p.put("epochs", t.maxEpochs() + ": epoch limit");
        p.put("patience", t.patience() + ": epochs without better validation " + STOPPING_METRIC + " before stopping");
        p.put("budget", "0: training time limit in seconds, 0 for none");
        return p;
    }

    @Override
    public Trainer configure(RetrieverParams params) {
        LossConfig loss = loss(params);
        TwoTowerConfig config = model(params);
        boolean useFeatures = params.flag("features", true);
        TwoTowerTrainingConfig training = training(params);
        return (data, progress) -> fit(data, progress, loss, config, training.withSeed(data.seed()), useFeatures);
    }

    private static Retriever fit(TrainingData data, FitProgress progress, LossConfig loss, TwoTowerConfig config,
                                 TwoTowerTrainingConfig training, boolean useFeatures) {
        RecDataset dataset = data.dataset();
        TrainedTwoTower.Encoders encoders = useFeatures ? TrainedTwoTower.Encoders.fit(
                dataset.userFeatures().orElse(null), dataset.itemFeatures().orElse(null), EncoderOptions.DEFAULTS)
                : new TrainedTwoTower.Encoders(null, null);
        TowerFeatures features = encoders.encode(dataset.userFeatures().orElse(null),
                dataset.itemFeatures().orElse(null));
        TwoTowerModel model = new TwoTowerModel(features.userFields(), features.itemFields(), data.split().userCount(),
                data.split().itemCount(), config, new SplittableRandom(data.seed()));
        RetrievalEvaluation.Options options = RetrievalEvaluation.Options.defaults().withThreads(data.threads());
        TwoTowerFit fit = new TwoTowerTrainer(training).fit("two-tower/" + loss.label(), model, encoders, features,
                data.split().train(), loss, candidate -> RetrievalEvaluation.evaluate(candidate, data.split(),
                        RetrievalEvaluation.Target.VALIDATION, options).segment("overall").metric(STOPPING_METRIC),
                epochs(progress, training.maxEpochs()));
        return fit.model();
    }

    private static LossConfig loss(RetrieverParams params) {
        LossConfig.Kind kind = LOSSES.get(params.choice("loss", "in-batch", List.copyOf(LOSSES.keySet())));
        LossConfig d = LossConfig.of(kind);
        boolean logQ = params.flag("logq", d.logQ());
        boolean streaming = params.choice("q", "known", List.of("known", "streaming")).equals("streaming");
        AccidentalHits hits = HITS.get(params.choice("hits", "user", List.copyOf(HITS.keySet())));
        int pool = params.integer("hard-pool", 0);
        FrequencyEstimator.Config e = FrequencyEstimator.Config.defaults();
        FrequencyEstimator.Config estimator = new FrequencyEstimator.Config(params.integer("est-buckets", e.buckets()),
                params.integer("est-hashes", e.hashes()), params.real("est-alpha", e.alpha()),
                params.flag("est-max", e.maxGap()));
        LossConfig.Hard hard = new LossConfig.Hard(params.real("hard-share", d.hard().share()),
                params.integer("hard-refresh", d.hard().refreshSteps()), pool <= 0 ? Integer.MAX_VALUE : pool,
                params.integer("hard-skip", d.hard().skipTop()));
        return new LossConfig(kind, params.integer("negatives", d.negatives()), params.real("exponent",
                d.popularityExponent()), logQ, streaming, estimator, hits, hard);
    }

    private static TwoTowerConfig model(RetrieverParams params) {
        TwoTowerConfig d = TwoTowerConfig.defaults();
        int hidden = params.integer("hidden", d.hidden().get(0));
        return new TwoTowerConfig(params.integer("dim", d.dim()), params.integer("field-dim", d.fieldDim()),
                params.integer("id-dim", d.idDim()), hidden <= 0 ? List.of() : List.of(hidden),
                params.flag("user-id", d.userId()), params.flag("item-id", d.itemId()),
                params.integer("history", d.historySize()), params.flag("normalize", d.normalize()),
                params.real("temperature", d.temperature()), d.embeddingStd());
    }

    /** The training settings, with seed 0 until the run's seed is known. */
    private static TwoTowerTrainingConfig training(RetrieverParams params) {
        TwoTowerTrainingConfig d = TwoTowerTrainingConfig.defaults(0);
        return new TwoTowerTrainingConfig(OptimizerConfig.adam(params.real("lr", d.optimizer().learningRate())),
                params.integer("batch", d.batchSize()), params.integer("epochs", d.maxEpochs()),
                Duration.ofSeconds(params.integer("budget", 0)), params.integer("patience", d.patience()), 0);
    }

    /** Reports each epoch (its mean training loss) to the caller's per-epoch progress. */
    private static RetrievalTrainingListener epochs(FitProgress progress, int maxEpochs) {
        long start = System.nanoTime();
        return new RetrievalTrainingListener() {
            @Override
            public void onEpochEnd(Epoch epoch) {
                progress.epochDone(epoch.epoch(), maxEpochs, epoch.trainLoss(), System.nanoTime() - start);
            }
        };
    }
}
