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
    void secondOrderMetaTrainingLowersTheQueryLoss() {
        MetaStepBenchmark bench = new MetaStepBenchmark(3, true);
        try (TaskParallel runner = new TaskParallel(1)) {
            double first = bench.step(runner);
            double last = first;
            for (int i = 0; i < 60; i++) {
                last = bench.step(runner);
            }
            assertTrue(last < 0.5 * first, "query loss " + first + " -> " + last);
        }
    }

    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        MetaStepBenchmark one = new MetaStepBenchmark(4, true);
        MetaStepBenchmark two = new MetaStepBenchmark(4, true);
        try (TaskParallel r1 = new TaskParallel(1); TaskParallel r2 = new TaskParallel(2)) {
            for (int i = 0; i < 3; i++) {
                one.step(r1);
                two.step(r2);
            }
        }
        assertArrayEquals(snapshot(one), snapshot(two));
    }
}
