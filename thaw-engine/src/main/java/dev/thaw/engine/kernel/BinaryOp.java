package dev.thaw.engine.kernel;

/** Element-wise binary functions with a float32 vector kernel and a float64 scalar reference. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX,
    /** {@code b > 0 ? a : 0}: passes a gradient a where the input b was positive (ReLU backward). */
    MASK_POSITIVE;

    /** The float64 reference value. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MASK_POSITIVE -> b > 0 ? a : 0;
        };
    }
}
