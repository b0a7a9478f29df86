package dev.thaw.engine.bench;

import dev.thaw.engine.kernel.GemmBenchmark;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The engine benchmark of record: GEMM throughput and the MeLU-sized meta-step
 * ({@link MetaStepBenchmark}) on one and two threads, first and second order, both task modes.
 * Keys without a mode suffix report the task-batched mode, the one meta-trainers use.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    /**
     * Runs everything; {@code steps} timed meta-steps per figure after {@code warmup}, reporting
     * each figure to {@code progress} as it is measured.
     */
    public static Map<String, Object> run(int warmup, int steps, Consumer<String> progress) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("gemm_gflops_1t", round(GemmBenchmark.gflops(1024, 1, 9)));
        progress.accept("gemm_gflops_1t " + r.get("gemm_gflops_1t"));
        r.put("gemm_gflops_2t", round(GemmBenchmark.gflops(1024, 2, 9)));
        progress.accept("gemm_gflops_2t " + r.get("gemm_gflops_2t"));
        for (MetaStepBenchmark.Mode mode : new MetaStepBenchmark.Mode[] {MetaStepBenchmark.Mode.BATCHED,
            MetaStepBenchmark.Mode.PER_TASK}) {
            String suffix = mode == MetaStepBenchmark.Mode.BATCHED ? "" : "_per_task";
            for (int order : new int[] {2, 1}) {
                for (int threads : new int[] {1, 2}) {
                    String key = "maml" + order + "_ms_" + threads + "t" + suffix;
                    r.put(key, round(MetaStepBenchmark.medianMillis(mode, order == 2, threads, warmup, steps)));
                    progress.accept(key + " " + r.get(key));
                }
            }
        }
        r.put("meta_step_workload", "32 tasks x (10 support + 10 query), 8 fields x vocab 100 x dim 32 -> 256 -> 64 -> 64 -> 1,"
                + " 1 inner SGD step on the decision layers, Adam; median of " + steps + " steps after " + warmup);
        r.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("vector_species_bits", jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
        return r;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
