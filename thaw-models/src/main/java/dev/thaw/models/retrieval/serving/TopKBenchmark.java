package dev.thaw.models.retrieval.serving;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code thaw bench topk}: exact top-K latency per user (one thread) for an ML-1M-sized corpus
 * and a 1M-item corpus, and Lucene HNSW on the large one (build time, latency, recall@K against
 * exact). Embeddings are seeded clustered Gaussians (256 centres plus noise, varying norms), a
 * stand-in for trained embeddings; queries are drawn the same way.
 */
public final class TopKBenchmark {
    /** ML-1M's item count. */
    public static final int SMALL_ITEMS = 3706;
    /** The list length measured. */
    public static final int K = 10;
    private static final int CENTRES = 256;

    private TopKBenchmark() {
    }

    /**
     * Runs every figure.
     *
     * @param dim          embedding dimension
     * @param largeItems   items of the large corpus (1,000,000 for the target)
     * @param users        queries per exact figure
     * @param annQueries   queries for the HNSW figures
     * @param efs          HNSW search widths to measure (empty: no HNSW figures)
     * @param log          progress lines
     */
    public static Map<String, Object> run(int dim, int largeItems, int users, int annQueries, int[] efs,
                                          Consumer<String> log) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dim", dim);
        out.put("k", K);
        float[] smallItems = embeddings(SMALL_ITEMS, dim, 1);
        out.put("exact_" + SMALL_ITEMS + "_items", exact(smallItems, embeddings(users, dim, 2), dim, log));
        float[] items = embeddings(largeItems, dim, 3);
        float[] queries = embeddings(Math.max(users, annQueries), dim, 4);
        out.put("exact_" + largeItems + "_items", exact(items, java.util.Arrays.copyOf(queries, users * dim), dim, log));
        if (efs.length > 0) {
            out.put("hnsw_" + largeItems + "_items", hnsw(items, java.util.Arrays.copyOf(queries, annQueries * dim), dim, efs,
                    log));
        }
        return out;
    }

    private static Map<String, Object> exact(float[] items, float[] queries, int dim, Consumer<String> log) {
        int users = queries.length / dim;
        for (int warmup = 0; warmup < 3; warmup++) {
            ExactTopK.search(queries, items, dim, K, ExactTopK.Exclusions.none());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        ExactTopK.search(queries, items, dim, K, ExactTopK.Exclusions.none());
        double ms = (System.nanoTime() - start) / 1e6 / users;
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6 / users;
        log.accept(String.format("exact top-%d over %,d items: %.3f ms per user wall, %.3f ms CPU (%d users, 1 thread)",
                K, items.length / dim, ms, cpuMs, users));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("items", items.length / dim);
        r.put("users", users);
        r.put("ms_per_user", ms);
        r.put("cpu_ms_per_user", cpuMs);
        return r;
    }

    private static Map<String, Object> hnsw(float[] items, float[] queries, int dim, int[] efs, Consumer<String> log) {
        int itemCount = items.length / dim;
        int queryCount = queries.length / dim;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        HnswIndex index = HnswIndex.build(items, dim, 16, 100, 42);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        double buildCpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        log.accept(String.format("HNSW build over %,d items (M 16, beam 100, 1 thread): %.1f s wall, %.1f s CPU",
                itemCount, buildSeconds, buildCpuSeconds));
        TopKLists exact = ExactTopK.search(queries, items, dim, K, ExactTopK.Exclusions.none());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("items", itemCount);
        r.put("queries", queryCount);
        r.put("max_conn", 16);
        r.put("beam_width", 100);
        r.put("build_seconds", buildSeconds);
        r.put("build_cpu_seconds", buildCpuSeconds);
        Map<String, Object> byEf = new LinkedHashMap<>();
        float[] query = new float[dim];
        for (int ef : efs) {
            int[][] found = new int[queryCount][];
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int q = 0; q < queryCount; q++) {
                System.arraycopy(queries, q * dim, query, 0, dim);
                found[q] = index.search(query, K, ef);
            }
            double ms = (System.nanoTime() - t0) / 1e6 / queryCount;
            double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / queryCount;
            double recall = recall(found, exact);
            log.accept(String.format("HNSW ef %d: %.3f ms per query wall, %.3f ms CPU, recall@%d vs exact %.4f", ef, ms,
                    cpuMs, K, recall));
            byEf.put("ef_" + ef, Map.of("ms_per_query", ms, "cpu_ms_per_query", cpuMs, "recall_at_k", recall));
        }
        r.put("search", byEf);
        return r;
    }

    /** Mean share of the exact top-K that the approximate lists found. */
    static double recall(int[][] found, TopKLists exact) {
        double sum = 0;
        for (int q = 0; q < found.length; q++) {
            int[] truth = exact.items()[q];
            int hit = 0;
            for (int item : found[q]) {
                for (int t : truth) {
                    hit += t == item ? 1 : 0;
                }
            }
            sum += hit / (double) truth.length;
        }
        return sum / found.length;
    }

    /** Seeded clustered Gaussian rows: a random centre plus noise, scaled by a random norm factor. */
    static float[] embeddings(int rows, int dim, long seed) {
        SplittableRandom centresRandom = new SplittableRandom(99);
        float[] centres = new float[CENTRES * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) centresRandom.nextGaussian();
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            int c = random.nextInt(CENTRES);
            double scale = 0.5 + random.nextDouble();
            for (int d = 0; d < dim; d++) {
                out[r * dim + d] = (float) (scale * (centres[c * dim + d] + 0.7 * random.nextGaussian()));
            }
        }
        return out;
    }
}
