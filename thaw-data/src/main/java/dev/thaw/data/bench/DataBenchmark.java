package dev.thaw.data.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.thaw.data.FeatureTable;
import dev.thaw.data.Interactions;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.io.MeluData;
import dev.thaw.data.split.MeluSplit;
import dev.thaw.data.split.Scenario;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.Task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Times the path from files to MeLU tasks on ML-1M, printing JSON: load ML-1M with MeLU's side
 * information and state files, fit MeLU's feature vocabularies on the warm state and encode every
 * user and item, build all MeLU-protocol tasks of the four states, and encode every task's support
 * and query sets as model inputs. Usage: {@code DataBenchmark [dataDir] [runs]}; dataDir defaults to
 * $THAW_DATA, then ../shared/data; each run repeats the whole path in the same JVM (the first is cold).
 */
public final class DataBenchmark {
    /** MeLU's user fields. */
    public static final List<String> USER_FIELDS = List.of("gender", "age", "occupation", "zip");
    /** MeLU's item fields. */
    public static final List<String> ITEM_FIELDS = List.of("rate", "genre", "director", "actor");
    private static final long SEED = 2019;
    private static final long TARGET_MS = 3_000;

    private DataBenchmark() {
    }

    /** Runs the benchmark and prints one JSON object. */
    public static void main(String[] args) throws Exception {
        Path data = dataDir(args.length > 0 ? args[0] : null);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        List<Map<String, Object>> results = IntStream.range(0, runs).mapToObj(r -> run(data)).toList();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "ml-1m + MeLU side info -> encoded MeLU-protocol tasks");
        report.put("data", data.toString());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.version"));
        report.put("target_ms", TARGET_MS);
        report.put("runs", results);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    }

    private static Map<String, Object> run(Path data) {
        Map<String, Object> out = new LinkedHashMap<>();
        long start = System.nanoTime();
        MeluData melu = timed(out, "load_ms",
                () -> MeluData.load(data.resolve("ml-1m"), data.resolve("melu-ml-1m")));
        Map<Scenario, Interactions> states = MeluSplit.rowsOf(melu.states(), melu.dataset().interactions());
        Interactions warm = states.get(Scenario.WARM);
        BatchEncoder encoder = timed(out, "encode_ms", () -> new BatchEncoder(
                encode(melu.dataset().userFeatures().orElseThrow(), warm, true, USER_FIELDS),
                encode(melu.dataset().itemFeatures().orElseThrow(), warm, false, ITEM_FIELDS)));
        MeluSplit split = timed(out, "tasks_ms", () -> MeluSplit.build(states, QuerySplitRule.MELU, SEED));
        int rows = timed(out, "task_batches_ms", () -> encodeAll(encoder, split));
        out.put("total_ms", (System.nanoTime() - start) / 1_000_000);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Scenario s : Scenario.values()) {
            counts.put(s.name(), split.tasks(s).size());
        }
        out.put("tasks", counts);
        out.put("encoded_rows", rows);
        return out;
    }

    /** Fits on the entities that occur in the warm (training) state, then encodes every entity. */
    private static EncodedFeatures encode(FeatureTable table, Interactions warm, boolean users, List<String> fields) {
        int[] training = IntStream.range(0, warm.size()).map(users ? warm::user : warm::item).distinct().toArray();
        return FeatureEncoder.fit(table, training, EncoderOptions.DEFAULTS.withFields(fields.toArray(String[]::new)))
                .encode(table);
    }

    private static int encodeAll(BatchEncoder encoder, MeluSplit split) {
        int rows = 0;
        for (Scenario s : Scenario.values()) {
            for (Task task : split.tasks(s)) {
                rows += encoder.encode(task).support().size() + task.query().size();
            }
        }
        return rows;
    }

    private static <T> T timed(Map<String, Object> out, String key, Supplier<T> work) {
        long start = System.nanoTime();
        T value = work.get();
        out.put(key, (System.nanoTime() - start) / 1_000_000);
        return value;
    }

    private static Path dataDir(String given) {
        String env = System.getenv("THAW_DATA");
        Path dir = given != null ? Path.of(given) : env != null && !env.isBlank() ? Path.of(env) : Path.of("../shared/data");
        if (!Files.isDirectory(dir.resolve("ml-1m")) || !Files.isDirectory(dir.resolve("melu-ml-1m"))) {
            throw new IllegalArgumentException("no ml-1m/ and melu-ml-1m/ under " + dir.toAbsolutePath()
                    + "; pass the shared/data folder as the first argument or set THAW_DATA");
        }
        return dir;
    }
}
