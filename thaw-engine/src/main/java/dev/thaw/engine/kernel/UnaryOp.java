package dev.thaw.engine.kernel;

/** Element-wise functions with a float32 vector kernel and a float64 scalar reference. */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, RELU, TANH, SIGMOID, GELU, RECIPROCAL, SQUARE,
    /** Derivative of {@link #GELU}; used only when a backward pass is not itself recorded. */
    GELU_GRAD;

    /** sqrt(2/pi), the tanh-approximation constant of GELU. */
    static final double GELU_C = 0.7978845608028654;
    /** Cubic coefficient of the tanh approximation of GELU. */
    static final double GELU_A = 0.044715;

    /** The float64 reference value of this function at x. */
    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RELU -> x > 0 ? x : 0;
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case GELU -> 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_A * x * x * x)));
            case RECIPROCAL -> 1 / x;
            case SQUARE -> x * x;
            case GELU_GRAD -> {
                double t = Math.tanh(GELU_C * (x + GELU_A * x * x * x));
                yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * x * x);
            }
        };
    }
}
