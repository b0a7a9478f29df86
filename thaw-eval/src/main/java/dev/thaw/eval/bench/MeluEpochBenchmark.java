package dev.thaw.eval.bench;

import dev.thaw.data.task.TaskBatch;
import dev.thaw.eval.EncodedSplit;
import dev.thaw.eval.MeluExperiment;
import dev.thaw.models.melu.MeluConfig;
import dev.thaw.models.melu.MeluModel;
import dev.thaw.training.MetaTrainer;
import dev.thaw.training.StopCriterion;
import dev.thaw.training.TrainingConfig;
import dev.thaw.training.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Wall and process CPU time of one MeLU meta-training epoch over given tasks (MeLU protocol: the warm state, full
 * support sets, batch 32, Adam), for 1 and 2 threads and per-task or task-batched graphs, each
 * after given warm-up epochs (untimed, on a throwaway model), with the garbage collectors' time in each timed epoch, plus the JVM's
 * peak heap use and the process's peak resident set size.
 */
public final class MeluEpochBenchmark {
    /** The benchmark's MeLU: the paper's model with 1 local step, second order, inner lr 0.01, meta lr 1e-3. */
    public static final MeluConfig CONFIG = MeluConfig.paper(1).withLearningRates(0.01, 1e-3);

    /** Seed of the model's initial weights and of the meta-batch order. */
    public static final long SEED = 1;

    private MeluEpochBenchmark() {
    }

    /** The training settings of one timed epoch: Adam at the config's meta lr, its batch size, {@link #SEED}. */
    public static TrainingConfig training(MeluConfig config) {
        return TrainingConfig.of(config.metaLearningRate(), config.metaBatchSize(), 1, SEED);
    }

    /**
     * Writes the epoch (tasks, meta-batch order, initial weights) and Thaw's results on it (first
     * meta-gradient, per-step losses, final weights) to {@code file}; see {@link MeluEpochExport}.
     */
    public static Map<String, Object> export(EncodedSplit data, MeluConfig config, Path file) {
        return MeluEpochExport.write(file, data.trainingTasks(), MeluExperiment.newModel(data, config, SEED),
                training(config));
    }

    /**
     * One row per (threads, chunk): epoch wall seconds, meta-steps per second, process CPU seconds
     * and GC seconds of one epoch timed after {@code warmupEpochs} (&gt;= 1) untimed ones.
     */
    public static Map<String, Object> run(EncodedSplit data, MeluConfig config, int[] chunks, int warmupEpochs) {
        if (warmupEpochs < 1) {
            throw new IllegalArgumentException("warm-up epochs must be >= 1, got " + warmupEpochs);
        }
        List<TaskBatch> tasks = data.trainingTasks();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            for (int chunk : chunks) {
                TrainingConfig training = training(config).withThreads(threads).withTaskChunk(chunk);
                MetaTrainer trainer = new MetaTrainer(training, StopCriterion.never(), List.of());
                for (int w = 0; w < warmupEpochs; w++) {
                    trainer.fit(MeluExperiment.newModel(data, config, SEED), tasks, List.of());
                }
                MeluModel model = MeluExperiment.newModel(data, config, SEED);
                long gc0 = gcMillis();
                long cpu0 = processCpuNanos();
                TrainingResult result = trainer.fit(model, tasks, List.of());
                long cpu = processCpuNanos() - cpu0;
                long gc = gcMillis() - gc0;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("threads", threads);
                row.put("task_chunk", chunk);
                row.put("epoch_s", Math.round(result.seconds() * 1000) / 1000.0);
                row.put("meta_steps_per_s", Math.round(result.state().metaSteps() / result.seconds() * 10) / 10.0);
                row.put("epoch_cpu_s", Math.round(cpu / 1e6) / 1000.0);
                row.put("epoch_gc_s", gc / 1000.0);
                rows.add(row);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasks", tasks.size());
        out.put("meta_steps", (tasks.size() + config.metaBatchSize() - 1) / config.metaBatchSize());
        out.put("local_steps", config.trainLocalSteps());
        out.put("second_order", config.secondOrder());
        out.put("warmup_epochs", warmupEpochs);
        out.put("runs", rows);
        out.put("peak_heap_mib", peakHeapMib());
        out.put("peak_rss_mib", peakRssMib());
        return out;
    }

    /** CPU time of the whole process (every thread, JIT and GC included), so a busy machine counts less. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Milliseconds all garbage collectors have spent so far. */
    private static long gcMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis;
    }

    /** The process's peak resident set size (VmHWM in /proc/self/status), or null where there is none (not Linux). */
    private static Long peakRssMib() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * The sum of the heap pools' peak usages: an upper bound of the heap's peak, since the pools
     * (eden, survivor, old) peak at different times; it can exceed the peak resident set size.
     */
    private static long peakHeapMib() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }
}
