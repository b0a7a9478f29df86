package dev.thaw.engine.meta;

import dev.thaw.engine.DType;
import dev.thaw.engine.Gradient;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.kernel.BinaryOp;
import dev.thaw.engine.kernel.ScalarMath;
import dev.thaw.engine.kernel.VectorMath;
import dev.thaw.engine.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs the tasks of a meta-batch on a fixed number of threads and sums their gradients in task
 * order, so the result is bit-identical for any thread count. Close it to stop its threads.
 */
public final class TaskParallel implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    /** A runner with the given number of threads (1 runs on the caller's thread). */
    public TaskParallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "thaw-task");
            t.setDaemon(true);
            return t;
        });
    }

    /** Number of threads. */
    public int threads() {
        return threads;
    }

    /**
     * Evaluates {@code taskGradients} for tasks 0..count-1 (in parallel) and returns the sum of
     * their gradient maps as dense tensors times {@code scale} (e.g. 1 / tasks for a mean). The sum
     * is added in task order: each parameter's sum starts at zeros and every task's gradient is
     * added into it, a {@link dev.thaw.engine.RowGradient} touching only its rows; then it is
     * multiplied by scale in place, element by element as {@code Ops.mulScalar(sum, scale)}.
     */
    public Map<Parameter, Tensor> sumGradients(int count, double scale,
                                               IntFunction<Map<Parameter, Gradient>> taskGradients) {
        List<Map<Parameter, Gradient>> perTask = map(count, taskGradients);
        Map<Parameter, Tensor> total = new LinkedHashMap<>();
        for (Map<Parameter, Gradient> grads : perTask) {
            grads.forEach((p, g) -> g.addInto(total.computeIfAbsent(p, k -> Tensor.zeros(g.dtype(), g.shape()))));
        }
        if (scale != 1) {
            total.values().forEach(t -> scaleInPlace(t, scale));
        }
        return total;
    }

    private static void scaleInPlace(Tensor t, double scale) {
        if (t.dtype() == DType.FLOAT32) {
            float[] f = t.floatStorage();
            VectorMath.binary(BinaryOp.MUL, f, 0, 1, new float[] {(float) scale}, 0, 0, f, 0, f.length);
        } else {
            double[] d = t.doubleStorage();
            ScalarMath.binary(BinaryOp.MUL, d, 0, 1, new double[] {scale}, 0, 0, d, 0, d.length);
        }
    }

    /** Evaluates fn for 0..count-1 and returns the results in index order. */
    public <T> List<T> map(int count, IntFunction<T> fn) {
        List<T> results = new ArrayList<>(count);
        if (pool == null) {
            for (int i = 0; i < count; i++) {
                results.add(fn.apply(i));
            }
            return results;
        }
        List<Future<T>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int task = i;
            futures.add(pool.submit(() -> fn.apply(task)));
        }
        for (Future<T> f : futures) {
            results.add(join(f));
        }
        return results;
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a task", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("task failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
