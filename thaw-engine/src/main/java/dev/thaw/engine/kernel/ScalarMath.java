package dev.thaw.engine.kernel;

/**
 * float64 scalar kernels: the reference for every {@link VectorMath} kernel and the path that
 * float64 tensors (used by finite-difference checks) take.
 */
public final class ScalarMath {
    private ScalarMath() {
    }

    /** out[outOff+i] = op(a[aOff+i*aInc], b[bOff+i*bInc]) for i &lt; n. */
    public static void binary(BinaryOp op, double[] a, int aOff, int aInc, double[] b, int bOff, int bInc,
                              double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i * aInc], b[bOff + i * bInc]);
        }
    }

    /** out[outOff+i] = op(x[xOff+i]) for i &lt; n. */
    public static void unary(UnaryOp op, double[] x, int xOff, double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }

    /** Sum of x[off..off+n). */
    public static double sum(double[] x, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /** Maximum of x[off..off+n), n &gt; 0. */
    public static double max(double[] x, int off, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }

    /** dst[dOff+i] += src[sOff+i] * scale for i &lt; n. */
    public static void axpy(double scale, double[] src, int sOff, double[] dst, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dOff + i] += src[sOff + i] * scale;
        }
    }
}
