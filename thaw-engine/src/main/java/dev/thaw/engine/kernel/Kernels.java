package dev.thaw.engine.kernel;

/**
 * Chooses between the float32 vector kernels and the float64 scalar reference for float32
 * tensors. The vector path is the default; tests switch it off to compare the two.
 */
public final class Kernels {
    private static volatile boolean vectorEnabled = !Boolean.getBoolean("thaw.scalarKernels");

    private Kernels() {
    }

    /** True when float32 tensors use the vector kernels. */
    public static boolean vectorEnabled() {
        return vectorEnabled;
    }

    /** Switches float32 tensors between vector kernels (true) and the scalar reference (false). */
    public static void setVectorEnabled(boolean enabled) {
        vectorEnabled = enabled;
    }
}
