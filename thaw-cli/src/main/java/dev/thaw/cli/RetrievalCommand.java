package dev.thaw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.thaw.data.IdMap;
import dev.thaw.data.split.ImplicitSplit;
import dev.thaw.eval.retrieval.FoldingExperiment;
import dev.thaw.eval.retrieval.RetrievalData;
import dev.thaw.eval.retrieval.RetrievalEvaluation;
import dev.thaw.eval.retrieval.RetrievalExperiment;
import dev.thaw.eval.retrieval.RetrievalReport;
import dev.thaw.eval.retrieval.RetrieverFamilies;
import dev.thaw.models.retrieval.mf.FactorModel;
import dev.thaw.models.retrieval.serving.ExactTopK;
import dev.thaw.models.retrieval.serving.TopKLists;
import dev.thaw.models.retrieval.twotower.TrainedTwoTower;
import dev.thaw.training.mf.FitProgress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code thaw retrieval train|evaluate|recommend|compare|folding}: candidate generation on implicit feedback. */
@Command(name = "retrieval", mixinStandardHelpOptions = true,
        description = {"Candidate generation (retrieval) on implicit feedback: a rating >= threshold",
                "is a positive; each user's positives are split 80/10/10 into train, validation",
                "and test; metrics rank the full corpus.",
                "Model families: popular, wals, bpr, two-tower",
                "(see 'thaw retrieval train --help')."},
        subcommands = {RetrievalCommand.Train.class, RetrievalCommand.Evaluate.class, RetrievalCommand.Recommend.class,
                RetrievalCommand.Compare.class, RetrievalCommand.Folding.class})
final class RetrievalCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "name a subcommand, e.g. 'thaw retrieval train'");
    }

    /** Dataset and split options shared by train, evaluate and compare. */
    static class DataOptions {
        @Option(names = "--data", description = "Folder holding ml-1m/ and ml-100k/ (default $THAW_DATA, else ../shared/data).")
        Path data;

        @Option(names = "--dataset", defaultValue = "ml-1m", description = "ml-1m or ml-100k (default ${DEFAULT-VALUE}).")
        String dataset;

        @Option(names = "--threshold", defaultValue = "4",
                description = "Smallest rating that counts as a positive (default ${DEFAULT-VALUE}).")
        float threshold;

        @Option(names = "--split-order", defaultValue = "RANDOM",
                description = "RANDOM: each user's held-out positives are a seeded random 10%% + 10%%; TIME: the latest "
                        + "ones (users with any untimestamped positive fall back to RANDOM and are counted; the shared "
                        + "ML-1M copy lacks timestamps on part of its rows). Default ${DEFAULT-VALUE}.")
        ImplicitSplit.Order order;

        @Option(names = "--seed", defaultValue = "2019", description = "Seed of split and training (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", defaultValue = "1", description = "Threads for training and scoring (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--json", description = "Print only the JSON results.")
        boolean jsonOnly;


        RetrievalData load() {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1");
            }
            return RetrievalData.load(dataRoot(data), RetrievalData.Source.byName(dataset), threshold, order, seed);
        }

        Map<String, Object> describe(RetrievalData loaded) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("dataset", dataset);
            d.put("threshold", threshold);
            d.put("split_order", order);
            d.put("hold_out_fraction", RetrievalData.HOLD_OUT_FRACTION);
            d.put("seed", seed);
            if (loaded != null) {
                d.put("users", loaded.split().userCount());
                d.put("items", loaded.split().itemCount());
                d.put("train_pairs", loaded.split().train().pairCount());
                d.put("validation_pairs", loaded.split().validation().pairCount());
                d.put("test_pairs", loaded.split().test().pairCount());
                d.put("users_split_randomly", loaded.split().usersSplitRandomly());
            }
            return d;
        }
    }

    /** The data folder: the option, else $THAW_DATA, else ../shared/data. */
    static Path dataRoot(Path given) {
        String env = System.getenv("THAW_DATA");
        return given != null ? given : env != null && !env.isBlank() ? Path.of(env) : Path.of("../shared/data");
    }

    /** Epoch lines with rate and ETA on stderr. */
    static FitProgress progress(String label, boolean quiet, PrintStream err) {
        if (quiet) {
            return FitProgress.NONE;
        }
        return (epoch, epochs, loss, elapsed) -> {
            double perEpoch = elapsed / 1e9 / epoch;
            err.printf("  %s: epoch %d/%d | %.2f s/epoch | loss %.6g | ETA %.0fs%n", label, epoch, epochs, perEpoch, loss,
                    perEpoch * (epochs - epoch));
        };
    }

    /** {@code thaw retrieval train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Train one model, evaluate it on validation and test users (full corpus,",
                    "K = 10, 20, 50; overall, head/tail items, user-activity terciles) and save it.",
                    "Writes config.json, results.json and model/ under --out.",
                    "Families and their -p parameters (defaults):",
                    "  popular  none: most popular training items",
                    "  wals     dim=64 iterations=10 lambda=10 w=1 w0=0.3 alpha=0",
                    "           (alpha > 0: observed weight w + alpha * rating)",
                    "  bpr      dim=64 epochs=30 lr=0.05 lambda=0.002",
                    "  two-tower  loss=in-batch (full, uniform, popularity, in-batch,",
                    "           hard) logq=true (popularity, in-batch) q=known|streaming",
                    "           hits=user|label|none negatives=512 (hard: 64) exponent=0.75",
                    "           hard-share=0.5 hard-refresh=50 hard-pool=0 hard-skip=0",
                    "           est-alpha=0.01 est-buckets=1048576 est-hashes=1 est-max=false",
                    "           temperature=0.05 normalize=true dim=64 field-dim=16 id-dim=32",
                    "           hidden=128 user-id=false item-id=true history=100",
                    "           features=true batch=512 lr=0.003 epochs=20 patience=2",
                    "           budget=0 (seconds). Early stopping on validation recall@20;",
                    "           the towers are saved too, to RUN/towers."})
    static final class Train implements Callable<Integer> {
        @Mixin
        DataOptions options = new DataOptions();

        @Option(names = "--family", defaultValue = "wals",
                description = "popular, wals, bpr or two-tower (default ${DEFAULT-VALUE}).")
        String family;

        @Option(names = {"-p", "--param"}, description = "A family parameter as key=value, repeatable (see above).")
        Map<String, String> params = new LinkedHashMap<>();

        @Option(names = "--out", description = "Run folder (default runs/retrieval-<family>-<time>).")
        Path out;

        @Override
        public Integer call() throws Exception {
            RetrievalExperiment.Configured run = new RetrievalExperiment.Run(RetrieverFamilies.byName(family), params)
                    .configure();
            RetrievalData data = options.load();
            Path dir = out != null ? out : RunFolder.create("retrieval-" + family);
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("command", "thaw retrieval train");
            config.put("family", family);
            config.put("params", params);
            config.put("data", options.describe(data));
            config.put("threads", options.threads);
            config.put("environment", RunFolder.environment());
            RunFolder.writeJson(dir.resolve("config.json"), config);

            RetrievalExperiment.Outcome outcome = RetrievalExperiment.run(data, run, options.seed, options.threads,
                    progress(family, options.jsonOnly, System.err),
                    RetrievalEvaluation.Options.defaults().withThreads(options.threads));
            Map<String, Object> modelConfig = new LinkedHashMap<>(config);
            modelConfig.put("params_used", outcome.used());
            FactorModel.freeze(outcome.model(), data.split().train()).save(dir.resolve("model"), modelConfig);
            if (outcome.model() instanceof TrainedTwoTower towers) {
                towers.save(dir.resolve("towers"), Map.of("run.json", modelConfig));
            }
            Map<String, Object> results = outcome.asMap();
            RunFolder.writeJson(dir.resolve("results.json"), results);
            if (!options.jsonOnly) {
                RetrievalTables.print("validation users", List.of(outcome.validation()), System.err);
                RetrievalTables.print("test users", List.of(outcome.test()), System.err);
                System.err.println("config, results and model written to " + dir);
            }
            Output.json(results);
            return 0;
        }
    }

    /** Options naming a saved model and the data it was trained on. */
    static class SavedModel {
        @Option(names = "--model", required = true, description = "A model folder written by 'thaw retrieval train' (RUN/model).")
        Path model;

        @Option(names = "--data", description = "Folder holding ml-1m/ and ml-100k/ (default $THAW_DATA, else ../shared/data).")
        Path data;

        FactorModel.Saved load() throws java.io.IOException {
            return FactorModel.load(model);
        }

        /** The split the model was trained on, rebuilt from its recorded dataset, threshold, order and seed. */
        RetrievalData trainingData(JsonNode config) {
            JsonNode d = config.path("data");
            if (!d.has("dataset") || !d.has("seed")) {
                throw new IllegalArgumentException(model + " does not record its dataset and seed; was it written by "
                        + "'thaw retrieval train'?");
            }
            return RetrievalData.load(dataRoot(data), RetrievalData.Source.byName(d.get("dataset").asText()),
                    (float) d.get("threshold").asDouble(), ImplicitSplit.Order.valueOf(d.get("split_order").asText()),
                    d.get("seed").asLong());
        }
    }

    /** {@code thaw retrieval evaluate}. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Evaluate a saved model on the validation or test users of the split it was trained on.")
    static final class Evaluate implements Callable<Integer> {
        @Mixin
        SavedModel saved = new SavedModel();

        @Option(names = "--target", defaultValue = "TEST", description = "TEST or VALIDATION (default ${DEFAULT-VALUE}).")
        RetrievalEvaluation.Target target;

        @Option(names = "--threads", defaultValue = "1", description = "Scoring threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--json", description = "Print only the JSON results.")
        boolean jsonOnly;

        @Override
        public Integer call() throws Exception {
            FactorModel.Saved model = saved.load();
            RetrievalData data = saved.trainingData(model.config());
            RetrievalReport report = RetrievalEvaluation.evaluate(model.model(), data.split(), target,
                    RetrievalEvaluation.Options.defaults().withThreads(threads));
            if (!jsonOnly) {
                RetrievalTables.print(target.name().toLowerCase() + " users", List.of(report), System.err);
            }
            Output.json(Map.of("model", saved.model.toString(), "report", report.asMap()));
            return 0;
        }
    }

    /** {@code thaw retrieval recommend}. */
    @Command(name = "recommend", mixinStandardHelpOptions = true,
            description = "Top items for a user of the training data, excluding every item the user has rated.")
    static final class Recommend implements Callable<Integer> {
        @Mixin
        SavedModel saved = new SavedModel();

        @Option(names = "--user", required = true, description = "The user's id in the dataset, e.g. 42.")
        String user;

        @Option(names = "--top", defaultValue = "10", description = "Items to list (default ${DEFAULT-VALUE}).")
        int top;

        @Override
        public Integer call() throws Exception {
            if (top < 1) {
                throw new IllegalArgumentException("--top must be >= 1");
            }
            FactorModel.Saved model = saved.load();
            RetrievalData data = saved.trainingData(model.config());
            dev.thaw.data.Interactions rows = data.dataset().interactions();
            int u = rows.users().require(user, "user");
            int[] rated = IntStream.range(0, rows.size()).filter(r -> rows.user(r) == u).map(rows::item)
                    .sorted().distinct().toArray();
            TopKLists lists = ExactTopK.search(model.model().queryEmbeddings(new int[] {u}, data.split().train()),
                    model.model().itemEmbeddings(), model.model().dim(), top, row -> rated);
            IdMap items = rows.items();
            List<String> titles = data.dataset().itemTitles().orElse(List.of());
            List<Map<String, Object>> list = new ArrayList<>();
            for (int r = 0; r < lists.items()[0].length; r++) {
                int item = lists.items()[0][r];
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("item", items.raw(item));
                row.put("title", item < titles.size() ? titles.get(item) : "");
                row.put("score", lists.scores()[0][r]);
                list.add(row);
                System.err.printf("  %8.4f  %s  %s%n", lists.scores()[0][r], items.raw(item), row.get("title"));
            }
            Output.json(Map.of("user", user, "rated", rated.length, "top", list));
            return 0;
        }
    }

    /** {@code thaw retrieval compare}. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Train and evaluate several runs on one split and print one table",
                    "(the results table of docs/retrieval.md). A run is 'family key=value ...',",
                    "e.g. --run popular --run wals --run 'wals w0=0' --run bpr."})
    static final class Compare implements Callable<Integer> {
        @Mixin
        DataOptions options = new DataOptions();

        @Option(names = "--run", description = "A run, repeatable (default: popular, wals, bpr).")
        List<String> runs = new ArrayList<>();

        @Option(names = "--out", description = "Run folder (default runs/retrieval-compare-<time>).")
        Path out;

        @Override
        public Integer call() throws Exception {
            List<RetrievalExperiment.Configured> parsed = (runs.isEmpty() ? List.of("popular", "wals", "bpr") : runs)
                    .stream().map(r -> RetrievalExperiment.Run.parse(r).configure()).toList();
            RetrievalData data = options.load();
            Path dir = out != null ? out : RunFolder.create("retrieval-compare");
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("command", "thaw retrieval compare");
            config.put("runs", parsed.stream().map(r -> r.run().label()).toList());
            config.put("data", options.describe(data));
            config.put("threads", options.threads);
            config.put("environment", RunFolder.environment());
            RunFolder.writeJson(dir.resolve("config.json"), config);
            List<RetrievalExperiment.Outcome> outcomes = RetrievalExperiment.runAll(data, parsed, options.seed,
                    options.threads, r -> progress(r.label(), options.jsonOnly, System.err),
                    RetrievalEvaluation.Options.defaults().withThreads(options.threads));
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("config", config);
            results.put("runs", outcomes.stream().map(RetrievalExperiment.Outcome::asMap).toList());
            RunFolder.writeJson(dir.resolve("results.json"), results);
            if (!options.jsonOnly) {
                RetrievalTables.print("validation users", outcomes.stream().map(RetrievalExperiment.Outcome::validation)
                        .map(r -> relabel(r, outcomes)).toList(), System.err);
                RetrievalTables.print("test users", outcomes.stream().map(RetrievalExperiment.Outcome::test)
                        .map(r -> relabel(r, outcomes)).toList(), System.err);
                System.err.println("config and results written to " + dir);
            }
            Output.json(results);
            return 0;
        }

        /** The report under its run's label (two runs of one family differ by parameters). */
        private static RetrievalReport relabel(RetrievalReport report, List<RetrievalExperiment.Outcome> outcomes) {
            String label = outcomes.stream().filter(o -> o.validation() == report || o.test() == report).findFirst()
                    .map(o -> o.run().label()).orElse(report.model());
            return new RetrievalReport(label, report.target(), report.segments(), report.catalogue());
        }
    }

    /** {@code thaw retrieval folding}. */
    @Command(name = "folding", mixinStandardHelpOptions = true,
            description = {"Folding diagnostic on generated data with planted groups that never",
                    "co-occur: the share of top-K items from groups a user never touched, for",
                    "models trained on positives only (wals w0=0) and with negatives",
                    "(wals w0>0, bpr)."})
    static final class Folding implements Callable<Integer> {
        /** Positives only vs with negatives, in a space smaller than the number of groups and in a roomy one. */
        static final List<String> DEFAULT_FOLDING_RUNS = List.of("wals w0=0 lambda=1 dim=4", "wals w0=0.05 lambda=1 dim=4",
                "bpr dim=4", "wals w0=0 lambda=1 dim=32", "wals w0=0.05 lambda=1 dim=32", "bpr dim=32");

        @Option(names = "--users", defaultValue = "3000", description = "Generated users (default ${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--items", defaultValue = "1200", description = "Generated items (default ${DEFAULT-VALUE}).")
        int items;

        @Option(names = "--groups", defaultValue = "10", description = "Planted groups (default ${DEFAULT-VALUE}).")
        int groups;

        @Option(names = "--k", defaultValue = "10", description = "List length (default ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--amazon", description = {"Instead of generated data, an Amazon cross-domain pair from",
                "$THAW_DATA/amazon-cdr-disencdr, e.g. sport_cloth: each user keeps one domain's rows only",
                "(seeded), so the two domains are groups that never co-occur."})
        String amazon;

        @Option(names = "--data", description = "Folder holding amazon-cdr-disencdr/ (default $THAW_DATA, else ../shared/data).")
        Path data;

        @Option(names = "--run", description = "A run, repeatable (default: wals w0=0, wals w0=0.05 and bpr, each at dim 4 and 32).")
        List<String> runs = new ArrayList<>();

        @Option(names = "--seed", defaultValue = "2019", description = "Seed of data, split and training (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", defaultValue = "1", description = "Threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--json", description = "Print only the JSON results.")
        boolean jsonOnly;

        @Override
        public Integer call() {
            if (groups < 2 || k < 1 || threads < 1) {
                throw new IllegalArgumentException("--groups must be >= 2, --k and --threads >= 1");
            }
            List<RetrievalExperiment.Configured> parsed = (runs.isEmpty() ? DEFAULT_FOLDING_RUNS : runs).stream()
                    .map(r -> RetrievalExperiment.Run.parse(r).configure()).toList();
            FoldingExperiment.GroupedData grouped = amazon != null ? FoldingExperiment.crossDomain(amazonPair(), seed)
                    : FoldingExperiment.synthetic(users, items, groups, seed);
            List<FoldingExperiment.Outcome> outcomes = FoldingExperiment.run(grouped, parsed, k, seed, threads,
                    r -> progress(r.label(), jsonOnly, System.err));
            if (!jsonOnly) {
                RetrievalTables.folding(outcomes, System.err);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("data", amazon != null ? Map.of("amazon", amazon, "users", grouped.dataset().interactions()
                    .users().size(), "items", grouped.itemGroup().length, "seed", seed)
                    : Map.of("users", users, "items", items, "groups", groups, "seed", seed));
            result.put("k", k);
            result.put("runs", outcomes.stream().map(FoldingExperiment.Outcome::asMap).toList());
            Output.json(result);
            return 0;
        }

        private dev.thaw.data.CrossDomainPair amazonPair() {
            String[] domains = amazon.split("_");
            Path root = dataRoot(data).resolve("amazon-cdr-disencdr");
            if (domains.length != 2 || !java.nio.file.Files.isDirectory(root.resolve(amazon))) {
                throw new IllegalArgumentException("no Amazon pair '" + amazon + "' in " + root.toAbsolutePath()
                        + " (expected e.g. sport_cloth); pass --data DIR or set THAW_DATA");
            }
            return dev.thaw.data.io.AmazonCrossDomain.read(root, domains[0], domains[1]);
        }
    }
}
