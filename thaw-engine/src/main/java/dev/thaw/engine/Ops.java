package dev.thaw.engine;

/** Tensor operations (placeholder while the engine is written). */
public final class Ops {
    private Ops() {
    }

    /** Element-wise sum. */
    public static Tensor add(Tensor a, Tensor b) {
        throw new UnsupportedOperationException("in progress");
    }
}
