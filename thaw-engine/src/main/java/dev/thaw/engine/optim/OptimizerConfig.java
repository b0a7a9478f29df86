package dev.thaw.engine.optim;

/**
 * Hyper-parameters of an optimiser, validated on construction.
 *
 * @param kind        SGD, ADAM or ADAMW
 * @param learningRate step size (&gt; 0)
 * @param momentum    SGD momentum in [0, 1)
 * @param beta1       Adam first-moment decay in [0, 1)
 * @param beta2       Adam second-moment decay in [0, 1)
 * @param eps         Adam denominator guard (&gt; 0)
 * @param weightDecay L2 penalty added to the gradient (SGD, ADAM) or decoupled decay (ADAMW), &gt;= 0
 * @param clipNorm    global gradient-norm clip; 0 switches clipping off
 */
public record OptimizerConfig(Kind kind, double learningRate, double momentum, double beta1, double beta2,
                              double eps, double weightDecay, double clipNorm) {
    /** Optimiser families. */
    public enum Kind { SGD, ADAM, ADAMW }

    public OptimizerConfig {
        require(learningRate > 0, "learningRate must be > 0, got " + learningRate);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got " + beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got " + beta2);
        require(eps > 0, "eps must be > 0, got " + eps);
        require(weightDecay >= 0, "weightDecay must be >= 0, got " + weightDecay);
        require(clipNorm >= 0, "clipNorm must be >= 0 (0 = off), got " + clipNorm);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Plain SGD. */
    public static OptimizerConfig sgd(double learningRate) {
        return new OptimizerConfig(Kind.SGD, learningRate, 0, 0.9, 0.999, 1e-8, 0, 0);
    }

    /** Adam with the usual betas (0.9, 0.999) and eps 1e-8. */
    public static OptimizerConfig adam(double learningRate) {
        return new OptimizerConfig(Kind.ADAM, learningRate, 0, 0.9, 0.999, 1e-8, 0, 0);
    }

    /** AdamW with decoupled weight decay. */
    public static OptimizerConfig adamW(double learningRate, double weightDecay) {
        return new OptimizerConfig(Kind.ADAMW, learningRate, 0, 0.9, 0.999, 1e-8, weightDecay, 0);
    }

    /** This config with SGD momentum. */
    public OptimizerConfig withMomentum(double value) {
        return new OptimizerConfig(kind, learningRate, value, beta1, beta2, eps, weightDecay, clipNorm);
    }

    /** This config with weight decay. */
    public OptimizerConfig withWeightDecay(double value) {
        return new OptimizerConfig(kind, learningRate, momentum, beta1, beta2, eps, value, clipNorm);
    }

    /** This config with global gradient-norm clipping. */
    public OptimizerConfig withClipNorm(double value) {
        return new OptimizerConfig(kind, learningRate, momentum, beta1, beta2, eps, weightDecay, value);
    }
}
