package dev.thaw.training.mf;

import dev.thaw.data.Seeds;
import dev.thaw.data.split.UserItems;
import dev.thaw.models.retrieval.mf.FactorModel;

import dev.thaw.engine.meta.TaskParallel;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fits {@link WalsConfig}'s objective exactly by alternating least squares. Each row's normal
 * equation uses the Gramian trick: the unobserved term w0 * sum over all other columns of y y^T is
 * w0 * (G - sum over observed y y^T) with G = Y^T Y computed once per half-step, so every unobserved
 * pair is weighted without being visited or sampled. Gramians and solves run in float64 (Cholesky);
 * factors are stored as float32. Each row is solved independently, so any thread count gives the
 * same factors.
 */
public final class WalsTrainer {
    private WalsTrainer() {
    }

    /** Fits with a constant observed weight. */
    public static FitResult fit(UserItems train, WalsConfig config, long seed, FitProgress progress) {
        return fit(train, null, config, seed, progress);
    }

    /**
     * Fits; {@code pairValues} (aligned with {@link UserItems#pairs()}, or null) feed the confidence
     * {@code observedWeight + confidenceAlpha * value}.
     */
    public static FitResult fit(UserItems train, float[] pairValues, WalsConfig config, long seed, FitProgress progress) {
        if (pairValues != null && pairValues.length != train.pairCount()) {
            throw new IllegalArgumentException("pairValues has " + pairValues.length + " entries for "
                    + train.pairCount() + " training pairs");
        }
        long start = System.nanoTime();
        int d = config.dim();
        WeightedRows byUser = WeightedRows.ofUsers(train, pairWeights(train, pairValues, config));
        WeightedRows byItem = byUser.transposed(train.itemCount());
        float[] userFactors = new float[train.userCount() * d];
        float[] itemFactors = initial(train.itemCount(), d, seed);
        double[] losses = new double[config.iterations()];
        for (int it = 0; it < config.iterations(); it++) {
            solveSide(byUser, itemFactors, userFactors, config);
            solveSide(byItem, userFactors, itemFactors, config);
            losses[it] = objective(byUser, userFactors, itemFactors, config);
            progress.epochDone(it + 1, config.iterations(), losses[it], System.nanoTime() - start);
        }
        FactorModel model = new FactorModel("wals", d, userFactors, itemFactors);
        return new FitResult(model, losses, (System.nanoTime() - start) / 1e9);
    }

    private static double[] pairWeights(UserItems train, float[] pairValues, WalsConfig config) {
        double[] w = new double[train.pairCount()];
        for (int p = 0; p < w.length; p++) {
            w[p] = config.observedWeight() + (pairValues == null ? 0 : config.confidenceAlpha() * pairValues[p]);
        }
        return w;
    }

    private static float[] initial(int rows, int d, long seed) {
        SplittableRandom random = Seeds.derive(seed, Seeds.label("wals/init"));
        float[] x = new float[rows * d];
        double std = 1 / Math.sqrt(d);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (std * random.nextGaussian());
        }
        return x;
    }

    /**
     * The objective of {@link WalsConfig} for the given factors, computed with the Gramian: the sum
     * over all pairs of (u.v)^2 is sum over users of u^T G u.
     */
    static double objective(WeightedRows byUser, float[] userFactors, float[] itemFactors, WalsConfig config) {
        int d = config.dim();
        double[] gram = gramian(itemFactors, d);
        double observed = 0;
        double observedSquares = 0;
        double all = 0;
        for (int u = 0; u < byUser.rowCount(); u++) {
            for (int p = byUser.offsets[u]; p < byUser.offsets[u + 1]; p++) {
                double s = dot(userFactors, u * d, itemFactors, byUser.cols[p] * d, d);
                observed += byUser.weights[p] * (1 - s) * (1 - s);
                observedSquares += s * s;
            }
            all += quadraticForm(gram, userFactors, u * d, d);
        }
        return observed + config.unobservedWeight() * (all - observedSquares)
                + config.regularization() * (squaredNorm(userFactors) + squaredNorm(itemFactors));
    }

    /** Solves every row of {@code target} given the fixed factors {@code fixed}. */
    private static void solveSide(WeightedRows rows, float[] fixed, float[] target, WalsConfig config) {
        int d = config.dim();
        double[] base = gramian(fixed, d);
        for (int p = 0; p < d * d; p++) {
            base[p] *= config.unobservedWeight();
        }
        for (int p = 0; p < d; p++) {
            base[p * d + p] += config.regularization();
        }
        int threads = Math.min(config.threads(), Math.max(1, rows.rowCount()));
        try (TaskParallel runner = new TaskParallel(threads)) {
            runner.map(threads, first -> {
                RowSolver solver = new RowSolver(d);
                for (int r = first; r < rows.rowCount(); r += threads) {
                    solver.solve(rows, r, fixed, base, config.unobservedWeight(), target);
                }
                return null;
            });
        }
    }

    /** One thread's buffers for the normal equations of single rows. */
    private static final class RowSolver {
        private final int d;
        private final double[] a;
        private final double[] b;

        RowSolver(int d) {
            this.d = d;
            this.a = new double[d * d];
            this.b = new double[d];
        }

        void solve(WeightedRows rows, int r, float[] fixed, double[] base, double w0, float[] target) {
            System.arraycopy(base, 0, a, 0, a.length);
            Arrays.fill(b, 0);
            for (int p = rows.offsets[r]; p < rows.offsets[r + 1]; p++) {
                int y = rows.cols[p] * d;
                double extra = rows.weights[p] - w0;
                double weight = rows.weights[p];
                for (int i = 0; i < d; i++) {
                    double yi = fixed[y + i];
                    b[i] += weight * yi;
                    double scaled = extra * yi;
                    int row = i * d;
                    for (int j = i; j < d; j++) {
                        a[row + j] += scaled * fixed[y + j];
                    }
                }
            }
            Cholesky.solveUpperInPlace(a, b, d);
            for (int i = 0; i < d; i++) {
                target[r * d + i] = (float) b[i];
            }
        }
    }

    /** Y^T Y in float64, full (both triangles). */
    static double[] gramian(float[] factors, int d) {
        double[] g = new double[d * d];
        int rows = factors.length / d;
        for (int r = 0; r < rows; r++) {
            int off = r * d;
            for (int i = 0; i < d; i++) {
                double yi = factors[off + i];
                for (int j = i; j < d; j++) {
                    g[i * d + j] += yi * factors[off + j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                g[i * d + j] = g[j * d + i];
            }
        }
        return g;
    }

    private static double quadraticForm(double[] g, float[] x, int off, int d) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double row = 0;
            for (int j = 0; j < d; j++) {
                row += g[i * d + j] * x[off + j];
            }
            s += x[off + i] * row;
        }
        return s;
    }

    private static double dot(float[] a, int aOff, float[] b, int bOff, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            s += (double) a[aOff + k] * b[bOff + k];
        }
        return s;
    }

    private static double squaredNorm(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return s;
    }
}
