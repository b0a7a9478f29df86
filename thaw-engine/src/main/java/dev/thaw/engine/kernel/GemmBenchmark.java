package dev.thaw.engine.kernel;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * GEMM throughput benchmark: square float32 GFLOP/s on one and two threads and nanoseconds per
 * call for the small shapes that meta-learning produces. {@link #main} prints one JSON object.
 */
public final class GemmBenchmark {
    /** Small shapes as {name, transA, transB, m, n, k}; names read as op(A) @ op(B). */
    private static final Object[][] SMALL = {
        {"10x256@256x64", false, false, 10, 64, 256},
        {"10x64@64x64", false, false, 10, 64, 64},
        {"10x64@64x1", false, false, 10, 1, 64},
        {"1x64@64x64", false, false, 1, 64, 64},
        {"256x10T@10x64", true, false, 256, 64, 10},
        {"10x64@64x256T", false, true, 10, 256, 64},
        {"64x10T@10x256", true, false, 64, 256, 10},
    };

    private GemmBenchmark() {
    }

    /**
     * Median GFLOP/s of C = A * B for square {@code size} matrices over {@code reps} timed runs
     * after warm-up, on {@code threads} threads ({@link Gemm#sgemmParallel} when more than one).
     */
    public static double gflops(int size, int threads, int reps) {
        float[] a = random(size * size, 1);
        float[] b = random(size * size, 2);
        float[] c = new float[size * size];
        Runnable call = () -> Gemm.sgemmParallel(threads, false, false, size, size, size,
                a, 0, size, b, 0, size, c, 0, size, false);
        double seconds = medianSeconds(call, 1, Math.max(3, reps / 2), reps);
        return 2.0 * size * size * size / seconds / 1e9;
    }

    /** Median nanoseconds per single-thread call of one small shape. */
    public static double smallShapeNanos(boolean transA, boolean transB, int m, int n, int k) {
        int rowsA = transA ? k : m;
        int colsA = transA ? m : k;
        int rowsB = transB ? n : k;
        int colsB = transB ? k : n;
        float[] a = random(rowsA * colsA, 3);
        float[] b = random(rowsB * colsB, 4);
        float[] c = new float[m * n];
        Runnable call = () -> Gemm.sgemm(transA, transB, m, n, k, a, 0, colsA, b, 0, colsB,
                c, 0, n, false);
        long work = Math.max(1L, (long) m * n * k);
        int batch = (int) Math.max(1, Math.min(100_000, 20_000_000L / work));
        return medianSeconds(call, batch, 200, 15) * 1e9;
    }

    /** Prints one JSON object with square GFLOP/s at 1024 and small-shape ns per call. */
    public static void main(String[] args) {
        StringBuilder json = new StringBuilder("{");
        json.append(String.format(Locale.ROOT, "\"gemm_gflops_1t\": %.1f", gflops(1024, 1, 15)));
        json.append(String.format(Locale.ROOT, ", \"gemm_gflops_2t\": %.1f", gflops(1024, 2, 15)));
        for (Object[] s : SMALL) {
            double ns = smallShapeNanos((Boolean) s[1], (Boolean) s[2], (Integer) s[3],
                    (Integer) s[4], (Integer) s[5]);
            json.append(String.format(Locale.ROOT, ", \"ns_%s\": %.0f", s[0], ns));
        }
        System.out.println(json.append('}'));
    }

    /** Median seconds per call over {@code reps} timed batches of {@code batch} calls. */
    private static double medianSeconds(Runnable call, int batch, int warmBatches, int reps) {
        for (int w = 0; w < warmBatches; w++) {
            for (int i = 0; i < batch; i++) {
                call.run();
            }
        }
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                call.run();
            }
            t[r] = (System.nanoTime() - t0) / 1e9 / batch;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    private static float[] random(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
