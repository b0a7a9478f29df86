package dev.thaw.engine.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.engine.nn.Parameter;
import org.junit.jupiter.api.Test;

/** The benchmark workload learns, and its meta-steps are bit-identical on 1 and 2 threads. */
class MetaStepBenchmarkTest {
    private static float[] snapshot(MetaStepBenchmark bench) {
        return bench.model.parameters().values().stream().map(Parameter::value)
                .map(t -> t.toFloatArray()).reduce(new float[0], (a, b) -> {
                    float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, c, a.length, b.length);
                    return c;
                });
    }

    @Test
    void batchedTasksGiveTheSameMetaStepAsTheTaskLoop() {
        MetaStepBenchmark loop = new MetaStepBenchmark(5, true);
        MetaStepBenchmark batched = new MetaStepBenchmark(5, true);
        try (TaskParallel runner = new TaskParallel(1)) {
            double a = loop.step(runner, MetaStepBenchmark.Mode.PER_TASK);
            double b = batched.step(runner, MetaStepBenchmark.Mode.BATCHED);
            org.junit.jupiter.api.Assertions.assertEquals(a, b, 1e-5 * Math.abs(a));
        }
        assertArrayEquals(snapshot(loop), snapshot(batched), 2e-6f);
    }

    @Test
    void secondOrderMetaTrainingLowersTheQueryLoss() {
        MetaStepBenchmark bench = new MetaStepBenchmark(3, true);
        try (TaskParallel runner = new TaskParallel(1)) {
            double first = bench.step(runner, MetaStepBenchmark.Mode.PER_TASK);
            double last = first;
            for (int i = 0; i < 60; i++) {
                last = bench.step(runner, MetaStepBenchmark.Mode.PER_TASK);
            }
            assertTrue(last < 0.5 * first, "query loss " + first + " -> " + last);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(MetaStepBenchmark.Mode.class)
    void resultsAreBitIdenticalForOneAndTwoThreads(MetaStepBenchmark.Mode mode) {
        MetaStepBenchmark one = new MetaStepBenchmark(4, true);
        MetaStepBenchmark two = new MetaStepBenchmark(4, true);
        try (TaskParallel r1 = new TaskParallel(1); TaskParallel r2 = new TaskParallel(2)) {
            for (int i = 0; i < 3; i++) {
                one.step(r1, mode);
                two.step(r2, mode);
            }
        }
        assertArrayEquals(snapshot(one), snapshot(two));
    }
}
