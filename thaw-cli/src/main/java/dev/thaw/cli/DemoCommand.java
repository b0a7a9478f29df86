package dev.thaw.cli;

import dev.thaw.data.RecDataset;
import dev.thaw.data.Seeds;
import dev.thaw.data.io.MeluData;
import dev.thaw.data.split.HonestSplit;
import dev.thaw.data.split.Scenario;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.eval.EncodedSplit;
import dev.thaw.eval.MeluExperiment;
import dev.thaw.eval.Report;
import dev.thaw.models.melu.MeluConfig;
import dev.thaw.models.melu.EvidenceCandidates;
import dev.thaw.models.serving.ServingCatalogue;
import dev.thaw.models.melu.MeluRecommender;
import dev.thaw.models.widedeep.WideDeepConfig;
import dev.thaw.training.ProgressListener;
import dev.thaw.training.StopCriterion;
import dev.thaw.training.TrainingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code thaw demo}: MeLU end to end on generated data, no files needed, or on MovieLens-1M with
 * {@code --data}. Generates users and items whose tastes are only partly determined by their
 * features (or loads ML-1M with MeLU's fields), holds out new users and new items (honest split),
 * meta-trains MeLU for a bounded time, evaluates the test users with and without the local update
 * and against the baselines (Wide&amp;Deep included), shows one new user's recommendations before
 * and after rating a few evidence items, and records config, seed, results and model under --out.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"MeLU end to end on generated data (or on MovieLens-1M with --data): meta-train, then "
                + "recommend to users never seen.",
                "Needs no data files; finishes in about a minute on 2 cores (on ML-1M as well)."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Run on MovieLens-1M instead of generated data: DIR "
            + "holds ml-1m/ and melu-ml-1m/ (e.g. ../shared/data). MeLU's fields, our honest protocol (movies released "
            + "after 1997 are the new items); --users, --items, --feature-share and --new-items do not apply.")
    Path data;

    @Option(names = "--users", defaultValue = "1500", description = "Generated users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--items", defaultValue = "800", description = "Generated items (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--feature-share", defaultValue = "0.5",
            description = "Share of a user's taste that their features determine; the rest only their ratings reveal (default ${DEFAULT-VALUE}).")
    double featureShare;

    @Option(names = "--new-items", defaultValue = "0.2",
            description = "Share of items held out as new items (default ${DEFAULT-VALUE}).")
    double newItemShare;

    @Option(names = "--seconds", defaultValue = "50",
            description = "Meta-training time budget in seconds (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--epochs", defaultValue = "100", description = "At most this many meta-training epochs "
            + "(default ${DEFAULT-VALUE}); training also ends at --seconds or when validation stops improving.")
    int epochs;

    @Option(names = "--threads", defaultValue = "2", description = "Threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "2019", description = "Seed of data, split, model and training (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Folder for config, results and model (default runs/demo-<time>).")
    Path out;

    @Option(names = "--json", description = "Print only the JSON results.")
    boolean jsonOnly;

    @Override
    public Integer call() throws Exception {
        if (users < 100 || items < 100 || seconds < 1 || epochs < 1 || threads < 1
                || !(newItemShare >= 0 && newItemShare < 1)) {
            throw new IllegalArgumentException("need --users >= 100, --items >= 100, --seconds >= 1, --epochs >= 1, "
                    + "--threads >= 1 "
                    + "and --new-items in [0, 1)");
        }
        Path dir = out != null ? out : RunFolder.create("demo");
        Source source = data != null ? movieLens(Ml1mSplits.dataDir(data), seed) : generated();
        RecDataset dataset = source.dataset();
        EncodedSplit encoded = source.split();
        MeluConfig melu = MeluConfig.defaults();
        TrainingConfig training = TrainingConfig.of(melu.metaLearningRate(), melu.metaBatchSize(), epochs, seed)
                .withThreads(threads).withTimeBudget(Duration.ofSeconds(seconds));

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "thaw demo");
        config.put("seed", seed);
        config.put("data", source.description());
        config.put("melu", melu);
        config.put("wide_deep", WideDeepConfig.defaults());
        config.put("training", Map.of("threads", threads, "time_budget_s", seconds, "max_epochs",
                training.maxEpochs(), "early_stopping", "patience 3 epochs, min delta 0.001 (new-user validation MAE)"));
        config.put("environment", RunFolder.environment());
        RunFolder.writeJson(dir.resolve("config.json"), config);
        if (!jsonOnly) {
            System.err.printf("thaw demo: %d users, %d items, %d ratings; %d meta-training users, %d validation users; "
                            + "training for at most %d s...%n", dataset.interactions().distinctUsers(),
                    dataset.interactions().distinctItems(), dataset.interactions().size(),
                    encoded.trainingTasks().size(), encoded.validationTasks().size(), seconds);
        }
        List<dev.thaw.training.TrainingListener> listeners = jsonOnly ? List.of()
                : List.of(new ProgressListener(System.err, 2000));
        MeluExperiment.Result result = MeluExperiment.run(encoded, melu, training, StopCriterion.patience(3, 0.001),
                listeners);
        EvidenceCandidates candidates = EvidenceCandidates.compute(result.model().copyModel(),
                encoded.trainingTasks(), encoded.items().entityCount());
        result.model().save(dir.resolve("model"), Map.of(ServingCatalogue.FILE,
                ServingCatalogue.of("melu", config, dataset, candidates.score(), SERVED_EVIDENCE)));

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("training", result.training());
        results.put("scenarios", Reports.byScenario(result.reports()));
        int[] evidence = candidates.top(ASKED);
        Map<String, Object> example = newUserExample(dataset, encoded, new MeluRecommender(result.model(),
                encoded.items()), evidence);
        results.put("example_new_user", example);
        RunFolder.writeJson(dir.resolve("results.json"), results);
        if (!jsonOnly) {
            Reports.print(result.reports(), System.err);
            printExample(example);
            System.err.println("config, results and model written to " + dir);
        }
        Output.json(results);
        return 0;
    }

    /** The demo's data: the dataset, its encoded honest split, and what it is (for config.json). */
    private record Source(RecDataset dataset, EncodedSplit split, Map<String, Object> description) {
    }

    /** Generated users and items, a seeded share of the items held out as new. */
    private Source generated() {
        SyntheticConfig synthetic = SyntheticConfig.small(seed).withSize(users, items)
                .withFeatureShares(featureShare, 0.8).withInteractionsPerUser(15, 60);
        RecDataset dataset = SyntheticGenerator.generate(synthetic).dataset();
        HonestSplit.Config splitConfig = HonestSplit.Config.defaults(seed);
        HonestSplit split = HonestSplit.build(dataset.interactions(), newItems(items, newItemShare, seed), splitConfig);
        EncodedSplit encoded = EncodedSplit.honest(dataset, split, QuerySplitRule.MELU,
                EncodedSplit.Encoders.fit(dataset, split.training(), List.of(), List.of(), 1));
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("synthetic", synthetic);
        description.put("new_item_share", newItemShare);
        description.put("split", splitConfig);
        return new Source(dataset, encoded, description);
    }

    /** MovieLens-1M with MeLU's fields under the honest protocol, as {@code thaw melu train --protocol HONEST}. */
    private static Source movieLens(Path dir, long seed) {
        MeluData raw = MeluData.load(dir.resolve("ml-1m"), dir.resolve("melu-ml-1m"));
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("movielens_1m", dir.toAbsolutePath().normalize().toString());
        description.put("protocol", Ml1mSplits.Protocol.HONEST);
        return new Source(raw.dataset(), Ml1mSplits.load(raw, Ml1mSplits.Protocol.HONEST, seed, null, 1), description);
    }

    /** A seeded random share of the items, held out as new. */
    private static BitSet newItems(int count, double share, long seed) {
        SplittableRandom random = Seeds.derive(seed, Seeds.label("demo/new-items"));
        BitSet out = new BitSet(count);
        for (int i = 0; i < count; i++) {
            out.set(i, random.nextDouble() < share);
        }
        return out;
    }

    /** Evidence items stored with the model for a service's onboarding page. */
    static final int SERVED_EVIDENCE = 100;

    /** Evidence items asked during the demo's onboarding. */
    private static final int ASKED = 30;

    /**
     * Onboarding of one new test user: they are asked about MeLU's top evidence items and rate
     * those they know (up to five, from the ratings we hold for them); top items before and after.
     */
    private static Map<String, Object> newUserExample(RecDataset dataset, EncodedSplit data,
                                                      MeluRecommender recommender, int[] evidence) {
        TaskBatch task = data.testTasks().get(Scenario.USER_COLD).stream()
                .max(java.util.Comparator.comparingInt(t -> answered(t, evidence).length)).orElseThrow();
        Map<String, Object> features = new TreeMap<>(
                dataset.userFeatures().orElseThrow().rows().get(task.task().entity()));
        int[] rows = answered(task, evidence);
        int[] supportItems = task.support().items();
        float[] supportRatings = task.support().labels().toFloatArray();
        int[] rated = Arrays.stream(rows).map(r -> supportItems[r]).toArray();
        float[] ratings = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            ratings[i] = supportRatings[rows[i]];
        }
        int[] candidates = IntStream.range(0, recommender.itemCount())
                .filter(i -> Arrays.stream(rated).noneMatch(r -> r == i)).toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_features", features);
        out.put("asked_evidence_items", evidence.length);
        out.put("rated", ratedList(dataset, rated, ratings));
        float[] before = recommender.scores(features, new int[0], new float[0], candidates);
        float[] after = recommender.scores(features, rated, ratings, candidates);
        out.put("top5_before", top(dataset, candidates, before, 5));
        out.put("top5_after", top(dataset, candidates, after, 5));
        out.put("mean_predicted_before", mean(before));
        out.put("mean_predicted_after", mean(after));
        return out;
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return Math.round(sum / values.length * 100) / 100.0;
    }

    /** Support rows (at most five) whose items are among the asked evidence items, in asking order. */
    private static int[] answered(TaskBatch task, int[] evidence) {
        int[] items = task.support().items();
        return Arrays.stream(evidence).flatMap(e -> IntStream.range(0, items.length).filter(r -> items[r] == e))
                .limit(5).toArray();
    }

    /** A movie's title where the dataset has titles, else its id and genre. */
    private static String label(RecDataset dataset, int item) {
        List<String> titles = dataset.itemTitles().orElse(List.of());
        return item < titles.size() ? titles.get(item) : dataset.interactions().items().raw(item) + " "
                + dataset.itemFeatures().orElseThrow().rows().get(item).get("genre");
    }

    private static List<Map<String, Object>> ratedList(RecDataset dataset, int[] items, float[] ratings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            out.add(Map.of("item", label(dataset, items[i]), "rating", ratings[i]));
        }
        return out;
    }

    private static List<Map<String, Object>> top(RecDataset dataset, int[] candidates, float[] scores, int k) {
        Integer[] order = IntStream.range(0, candidates.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int r = 0; r < Math.min(k, order.length); r++) {
            out.add(Map.of("item", label(dataset, candidates[order[r]]),
                    "predicted", Math.round(scores[order[r]] * 100) / 100.0));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void printExample(Map<String, Object> example) {
        System.err.println();
        System.err.println("A new user " + example.get("user_features") + ":");
        System.err.println("  top 5 before any rating: " + items((List<Map<String, Object>>) example.get("top5_before")));
        System.err.println("  asked about the " + example.get("asked_evidence_items")
                + " top evidence items, rates the ones they know:");
        System.err.println("    " + ((List<Map<String, Object>>) example.get("rated")).stream()
                .map(m -> m.get("item") + " = " + m.get("rating")).toList());
        System.err.println("  top 5 after adapting:    " + items((List<Map<String, Object>>) example.get("top5_after")));
        System.err.println("  mean predicted rating over all other items: " + example.get("mean_predicted_before")
                + " before, " + example.get("mean_predicted_after") + " after");
    }

    private static String items(List<Map<String, Object>> list) {
        return list.stream().map(m -> m.get("item") + " (" + m.get("predicted") + ")").toList().toString();
    }
}
