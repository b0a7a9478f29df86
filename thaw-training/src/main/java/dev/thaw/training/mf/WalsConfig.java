package dev.thaw.training.mf;

/**
 * Weighted alternating least squares for implicit feedback (the course's WALS). It minimises
 * <pre>
 *   sum over observed (u,i) of w_ui (1 - u.v_i)^2  +  w0 * sum over unobserved (u,i) of (u.v_i)^2
 *   + lambda (|U|^2 + |V|^2)
 * </pre>
 * where w_ui = observedWeight, plus {@code confidenceAlpha * value} when per-pair values are given
 * (Hu, Koren and Volinsky's confidence 1 + alpha r with observedWeight 1).
 *
 * @param dim              embedding dimension
 * @param iterations       ALS iterations (each solves all users, then all items)
 * @param regularization   lambda, > 0 (keeps every normal equation positive definite)
 * @param observedWeight   weight of an observed pair, > 0
 * @param unobservedWeight w0 >= 0, the weight on every unobserved pair; 0 trains on positives only
 * @param confidenceAlpha  >= 0; added weight per unit of a pair's value (needs values)
 * @param threads          threads for the row solves (results do not depend on it)
 */
public record WalsConfig(int dim, int iterations, double regularization, double observedWeight,
                         double unobservedWeight, double confidenceAlpha, int threads) {
    public WalsConfig {
        if (dim < 1 || iterations < 1 || threads < 1) {
            throw new IllegalArgumentException("dim, iterations and threads must be >= 1");
        }
        if (!(regularization > 0) || !(observedWeight > 0) || !(unobservedWeight >= 0) || !(confidenceAlpha >= 0)) {
            throw new IllegalArgumentException("WALS needs regularization > 0, observedWeight > 0, unobservedWeight >= 0"
                    + " and confidenceAlpha >= 0");
        }
    }

    /**
     * Defaults: dim 64, 10 iterations, lambda 10, w_obs 1, w0 0.3 (w0 and lambda chosen by recall@20 on
     * ML-100K validation users from a small sweep; see docs/retrieval.md).
     */
    public static WalsConfig defaults() {
        return new WalsConfig(64, 10, 10, 1, 0.3, 0, 1);
    }

    /** This config with another dimension. */
    public WalsConfig withDim(int newDim) {
        return new WalsConfig(newDim, iterations, regularization, observedWeight, unobservedWeight, confidenceAlpha, threads);
    }

    /** This config with another iteration count. */
    public WalsConfig withIterations(int count) {
        return new WalsConfig(dim, count, regularization, observedWeight, unobservedWeight, confidenceAlpha, threads);
    }

    /** This config with other weights. */
    public WalsConfig withWeights(double observed, double unobserved) {
        return new WalsConfig(dim, iterations, regularization, observed, unobserved, confidenceAlpha, threads);
    }

    /** This config with another lambda. */
    public WalsConfig withRegularization(double lambda) {
        return new WalsConfig(dim, iterations, lambda, observedWeight, unobservedWeight, confidenceAlpha, threads);
    }

    /** This config with another confidence slope. */
    public WalsConfig withConfidenceAlpha(double alpha) {
        return new WalsConfig(dim, iterations, regularization, observedWeight, unobservedWeight, alpha, threads);
    }

    /** This config with another thread count. */
    public WalsConfig withThreads(int count) {
        return new WalsConfig(dim, iterations, regularization, observedWeight, unobservedWeight, confidenceAlpha, count);
    }
}
