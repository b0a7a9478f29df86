package dev.thaw.cli;

import dev.thaw.engine.bench.EngineBenchmark;
import dev.thaw.models.melu.AdaptationBenchmark;
import java.util.List;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thaw bench ...}: benchmarks that print JSON (and a table unless --json). */
@Command(name = "bench", description = "Run benchmarks.", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Engine.class, BenchCommand.Adapt.class})
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
            if (!jsonOnly) {
                Output.table(result);
            }
            Output.json(result);
            return 0;
        }
    }

    /** {@code thaw bench adapt}. */
    @Command(name = "adapt", mixinStandardHelpOptions = true,
            description = "MeLU adaptation API: 10 ratings, local update, scores for 3,706 items (ML-1M-shaped), one thread.")
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
            result.put("runs", List.of(AdaptationBenchmark.run(1, 200, calls), AdaptationBenchmark.run(5, 200, calls)));
            if (!jsonOnly) {
                Output.table(result);
            }
            Output.json(result);
            return 0;
        }
    }
}
