package dev.thaw.training.mf;

/**
 * Bayesian personalised ranking with matrix factorisation (Rendle et al., UAI 2009): SGD on
 * {@code -log sigmoid(u.v_i - u.v_j)} for a training pair (u, i) and a uniformly drawn item j that u
 * has not interacted with, plus L2 on the touched rows.
 *
 * @param dim            embedding dimension
 * @param epochs         passes; each draws as many (u, i, j) triples as there are training pairs
 * @param learningRate   SGD step size
 * @param regularization L2 weight on the rows each step touches
 */
public record BprConfig(int dim, int epochs, double learningRate, double regularization) {
    public BprConfig {
        if (dim < 1 || epochs < 1 || !(learningRate > 0) || !(regularization >= 0)) {
            throw new IllegalArgumentException("BPR needs dim >= 1, epochs >= 1, learningRate > 0, regularization >= 0");
        }
    }

    /** Defaults: dim 64, 30 epochs, step 0.05, L2 0.002 (common choices, not tuned here). */
    public static BprConfig defaults() {
        return new BprConfig(64, 30, 0.05, 0.002);
    }

    /** This config with another dimension. */
    public BprConfig withDim(int newDim) {
        return new BprConfig(newDim, epochs, learningRate, regularization);
    }

    /** This config with another epoch count. */
    public BprConfig withEpochs(int count) {
        return new BprConfig(dim, count, learningRate, regularization);
    }

    /** This config with another step size and L2 weight. */
    public BprConfig withSteps(double rate, double l2) {
        return new BprConfig(dim, epochs, rate, l2);
    }
}
