package dev.thaw.cli;

import dev.thaw.engine.bench.EngineBenchmark;
import dev.thaw.eval.bench.MeluEpochBenchmark;
import dev.thaw.models.melu.AdaptationBenchmark;
import dev.thaw.models.melu.MeluConfig;
import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thaw bench ...}: benchmarks that print JSON (and a table unless --json). */
@Command(name = "bench", description = "Run benchmarks.", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Engine.class, BenchCommand.Adapt.class, BenchCommand.MeluEpoch.class,
                BenchCommand.TopK.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "name a benchmark, e.g. 'thaw bench engine'");
    }

    /** {@code thaw bench engine}. */
    @Command(name = "engine", mixinStandardHelpOptions = true,
            description = "GEMM GFLOP/s and the MeLU-sized MAML meta-step on 1 and 2 threads.")
    static final class Engine implements Callable<Integer> {
        @Option(names = "--json", description = "Print only the JSON object.")
        boolean jsonOnly;

        @Option(names = "--steps", defaultValue = "100", description = "Timed meta-steps per figure (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", defaultValue = "50", description = "Warm-up meta-steps per figure (default ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() {
            if (steps < 1 || warmup < 0) {
                throw new IllegalArgumentException("--steps must be >= 1 and --warmup >= 0");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "engine");
            result.put("date", ZonedDateTime.now().toString());
            result.putAll(EngineBenchmark.run(warmup, steps, line -> {
                if (!jsonOnly) {
                    System.err.println("  " + line);
                }
            }));
            Output.report(result, jsonOnly);
            return 0;
        }
    }

    /** {@code thaw bench adapt}. */
    @Command(name = "adapt", mixinStandardHelpOptions = true,
            description = {"MeLU adaptation API: 10 ratings, local update, scores for 3,706 items (ML-1M-shaped), one thread;",
                    "1 and 5 local steps, then the THAW preset's model (5 steps, user offset, support shrinkage);",
                    "wall and thread CPU time per call, 1-minute load average before and after."})
    static final class Adapt implements Callable<Integer> {
        @Option(names = "--json", description = "Print only the JSON object.")
        boolean jsonOnly;

        @Option(names = "--calls", defaultValue = "300", description = "Timed calls per figure (default ${DEFAULT-VALUE}).")
        int calls;

        @Override
        public Integer call() {
            if (calls < 10) {
                throw new IllegalArgumentException("--calls must be >= 10");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "melu adaptation");
            result.put("date", ZonedDateTime.now().toString());
            result.put("items", AdaptationBenchmark.ITEMS);
            result.put("support_ratings", AdaptationBenchmark.SUPPORT);
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            result.put("runs", AdaptationBenchmark.runAll(200, calls));
            result.put("load_average_1m", List.of(loadBefore,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            Output.report(result, jsonOnly);
            return 0;
        }
    }

    /** {@code thaw bench melu-epoch}. */
    @Command(name = "melu-epoch", mixinStandardHelpOptions = true,
            description = {"One MeLU meta-training epoch on ML-1M's MeLU-protocol warm state (all its tasks, full support",
                    "sets, batch 32, 1 local step, second order), 1 and 2 threads, per task and task-batched."})
    static final class MeluEpoch implements Callable<Integer> {
        @Option(names = "--data", description = "Folder with ml-1m/ and melu-ml-1m/ (default $THAW_DATA, else ../shared/data).")
        java.nio.file.Path data;

        @Option(names = "--json", description = "Print only the JSON object.")
        boolean jsonOnly;

        @Option(names = "--export", paramLabel = "FILE", description = {"Instead of timing, write the epoch (tasks, "
                + "meta-batch order, initial weights) and Thaw's results on it (first meta-gradient, per-step losses, "
                + "final weights) to this safetensors file, for bench/melu_epoch_pytorch.py."})
        java.nio.file.Path export;

        @Option(names = "--warmup-epochs", defaultValue = "1", description = {"Untimed epochs before each timed one "
                + "(default ${DEFAULT-VALUE}); the JIT is still compiling during the second epoch of a fresh JVM."})
        int warmupEpochs;

        @Override
        public Integer call() {
            if (warmupEpochs < 1) {
                throw new IllegalArgumentException("--warmup-epochs must be >= 1, got " + warmupEpochs);
            }
            java.nio.file.Path dir = Ml1mSplits.dataDir(data);
            dev.thaw.data.io.MeluData raw = dev.thaw.data.io.MeluData.load(dir.resolve("ml-1m"), dir.resolve("melu-ml-1m"));
            dev.thaw.eval.EncodedSplit split = Ml1mSplits.loadMeluProtocol(raw, 0, 2019);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", export == null ? "melu epoch" : "melu epoch export");
            result.put("date", ZonedDateTime.now().toString());
            result.put("cores", Runtime.getRuntime().availableProcessors());
            MeluConfig config = MeluEpochBenchmark.CONFIG;
            result.putAll(export == null ? MeluEpochBenchmark.run(split, config, new int[] {1, 8}, warmupEpochs)
                    : MeluEpochBenchmark.export(split, config, export));
            Output.report(result, jsonOnly);
            return 0;
        }
    }

    /** {@code thaw bench topk}. */
    @Command(name = "topk", mixinStandardHelpOptions = true,
            description = {"Exact top-10 per user (blocked GEMM + bounded heap, one thread) over 3,706",
                    "items and over --items items, then Lucene HNSW over the large corpus: build",
                    "time, latency and recall@10 vs exact. Targets: <= 1 ms per user (3,706",
                    "items), <= 20 ms per user (1M items x dim 64)."})
    static final class TopK implements Callable<Integer> {
        @Option(names = "--json", description = "Print only the JSON object.")
        boolean jsonOnly;

        @Option(names = "--items", defaultValue = "1000000", description = "Items of the large corpus (default ${DEFAULT-VALUE}).")
        int items;

        @Option(names = "--dim", defaultValue = "64", description = "Embedding dimension (default ${DEFAULT-VALUE}).")
        int dim;

        @Option(names = "--users", defaultValue = "256", description = "Users per exact figure (default ${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--ann-queries", defaultValue = "500", description = "Queries for the HNSW figures (default ${DEFAULT-VALUE}).")
        int annQueries;

        @Option(names = "--ef", split = ",", defaultValue = "10,50,100,200",
                description = "HNSW search widths (default ${DEFAULT-VALUE}).")
        int[] efs;

        @Option(names = "--no-ann", description = "Skip the HNSW figures (its 1M-item build takes minutes).")
        boolean noAnn;

        @Override
        public Integer call() {
            if (items < 1000 || dim < 1 || users < 1 || annQueries < 1) {
                throw new IllegalArgumentException("--items must be >= 1000; --dim, --users, --ann-queries >= 1");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "topk");
            result.put("date", ZonedDateTime.now().toString());
            result.put("cores", Runtime.getRuntime().availableProcessors());
            result.putAll(dev.thaw.models.retrieval.serving.TopKBenchmark.run(dim, items, users, annQueries,
                    noAnn ? new int[0] : efs, line -> {
                if (!jsonOnly) {
                    System.err.println("  " + line);
                }
            }));
            Output.report(result, jsonOnly);
            return 0;
        }
    }
}
