package dev.thaw.models.melu;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.FeatureTable.FeatureField;
import dev.thaw.data.FeatureTable.Kind;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Times the adaptation API on an ML-1M-shaped problem: a MeLU model with MeLU's eight ML-1M fields
 * at their real vocabulary sizes and bag lengths (user: gender 2, age 7, occupation 21, zip 3,439;
 * item: rate 6, genres 18 (about 1.7 per movie), directors 2,186, actors 8,030 (about 4 per
 * movie)), a catalogue of 3,706 items, and one call = a new user's 10 ratings, the local update,
 * then scores for all 3,706 items, on the calling thread. Weights are random: the time does not
 * depend on their values.
 */
public final class AdaptationBenchmark {
    /** Items in ML-1M's rated catalogue. */
    public static final int ITEMS = 3706;
    /** Support ratings per call. */
    public static final int SUPPORT = 10;

    private AdaptationBenchmark() {
    }

    /**
     * Median and 90th-percentile milliseconds per call of a model with {@code config} (its
     * adaptation steps, user offset and support shrinkage), in wall time and in the calling thread's
     * CPU time (steadier on a shared machine: time spent waiting for a core does not count).
     */
    public static Map<String, Object> run(MeluConfig config, int warmup, int calls) {
        SplittableRandom rng = new SplittableRandom(42);
        FeatureTable items = itemTable(rng);
        FeatureTable users = userTable(rng);
        int[] all = IntStream.range(0, ITEMS).toArray();
        FeatureEncoder itemEncoder = FeatureEncoder.fit(items, all, EncoderOptions.DEFAULTS);
        FeatureEncoder userEncoder = FeatureEncoder.fit(users, IntStream.range(0, users.size()).toArray(),
                EncoderOptions.DEFAULTS);
        EncodedFeatures encodedItems = itemEncoder.encode(items);
        MeluModel model = new MeluModel(FieldSpec.of(userEncoder.encode(users)), FieldSpec.of(encodedItems), config,
                3.6, rng);
        MeluRecommender recommender = new MeluRecommender(TrainedMelu.of(model, userEncoder, itemEncoder),
                encodedItems);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] ms = new double[calls];
        double[] cpuMs = new double[calls];
        for (int c = -warmup; c < calls; c++) {
            Map<String, Object> user = users.rows().get(Math.floorMod(c, users.size()));
            int[] rated = rng.ints(SUPPORT, 0, ITEMS).toArray();
            float[] ratings = new float[SUPPORT];
            for (int i = 0; i < SUPPORT; i++) {
                ratings[i] = 1 + rng.nextInt(5);
            }
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            recommender.scores(user, rated, ratings, all);
            if (c >= 0) {
                ms[c] = (System.nanoTime() - t0) / 1e6;
                cpuMs[c] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("local_steps", config.adaptLocalSteps());
        out.put("user_offset", config.userBias());
        out.put("support_shrinkage", config.supportShrinkage());
        putPercentiles(out, "", ms);
        putPercentiles(out, "cpu_", cpuMs);
        out.put("calls", calls);
        return out;
    }

    private static void putPercentiles(Map<String, Object> out, String prefix, double[] ms) {
        Arrays.sort(ms);
        out.put(prefix + "median_ms", Math.round(ms[ms.length / 2] * 1000) / 1000.0);
        out.put(prefix + "p90_ms", Math.round(ms[(int) (ms.length * 0.9)] * 1000) / 1000.0);
    }

    private static FeatureTable itemTable(SplittableRandom rng) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            rows.add(Map.of("rate", "r" + rng.nextInt(6), "genre", values("g", 18, 1 + rng.nextInt(3), rng),
                    "director", values("d", 2186, 1, rng), "actor", values("a", 8030, 4, rng)));
        }
        return new FeatureTable(List.of(new FeatureField("rate", Kind.CATEGORICAL), new FeatureField("genre", Kind.MULTI),
                new FeatureField("director", Kind.MULTI), new FeatureField("actor", Kind.MULTI)), rows);
    }

    private static FeatureTable userTable(SplittableRandom rng) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int u = 0; u < 6040; u++) {
            rows.add(Map.of("gender", "s" + rng.nextInt(2), "age", "a" + rng.nextInt(7), "occupation",
                    "o" + rng.nextInt(21), "zip", "z" + rng.nextInt(3439)));
        }
        return new FeatureTable(List.of(new FeatureField("gender", Kind.CATEGORICAL),
                new FeatureField("age", Kind.CATEGORICAL), new FeatureField("occupation", Kind.CATEGORICAL),
                new FeatureField("zip", Kind.CATEGORICAL)), rows);
    }

    private static List<String> values(String prefix, int vocabulary, int count, SplittableRandom rng) {
        return rng.ints(count, 0, vocabulary).distinct().mapToObj(v -> prefix + v).toList();
    }

    /**
     * {@link #run} for MeLU's model with 1 and with 5 local steps, then with 5 steps, the user
     * offset and the support shrinkage (the adaptation of {@code thaw melu train}'s default preset).
     */
    public static List<Map<String, Object>> runAll(int warmup, int calls) {
        MeluConfig paperShape = MeluConfig.defaults();
        return List.of(run(paperShape.withLocalSteps(1, 1), warmup, calls), run(paperShape, warmup, calls),
                run(paperShape.withUserBias(true).withSupportShrinkage(true), warmup, calls));
    }

    /** Prints the figures of {@link #runAll}. */
    public static void main(String[] args) {
        runAll(100, args.length > 0 ? Integer.parseInt(args[0]) : 200).forEach(System.out::println);
    }
}
