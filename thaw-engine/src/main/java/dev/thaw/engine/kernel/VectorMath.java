package dev.thaw.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 element-wise, reduction and row kernels on the JDK Vector API. Each kernel has a
 * float64 counterpart in {@link ScalarMath} that serves as its reference.
 */
public final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private VectorMath() {
    }

    /**
     * out[outOff+i] = op(a[aOff+i*aInc], b[bOff+i*bInc]) for i &lt; n, where aInc and bInc are 0
     * (broadcast one value) or 1.
     *
     * <p>Each operation has its own loop method: a loop shared by several operations would see
     * them all at one call site, and C2 then boxes every vector instead of using the intrinsics.
     * A broadcast operand is read with stride 0 from a one-vector array of copies.
     */
    public static void binary(BinaryOp op, float[] a, int aOff, int aInc, float[] b, int bOff, int bInc,
                              float[] out, int outOff, int n) {
        int bound = S.loopBound(n);
        if (bound > 0) {
            float[] av = aInc == 0 ? copies(a[aOff]) : a;
            int ao = aInc == 0 ? 0 : aOff;
            float[] bv = bInc == 0 ? copies(b[bOff]) : b;
            int bo = bInc == 0 ? 0 : bOff;
            int as = aInc * W;
            int bs = bInc * W;
            switch (op) {
                case ADD -> add(av, ao, as, bv, bo, bs, out, outOff, bound);
                case SUB -> sub(av, ao, as, bv, bo, bs, out, outOff, bound);
                case MUL -> mul(av, ao, as, bv, bo, bs, out, outOff, bound);
                case DIV -> div(av, ao, as, bv, bo, bs, out, outOff, bound);
                case MAX -> max(av, ao, as, bv, bo, bs, out, outOff, bound);
                case MASK_POSITIVE -> maskPositive(av, ao, as, bv, bo, bs, out, outOff, bound);
            }
        }
        for (int i = bound; i < n; i++) {
            out[outOff + i] = apply(op, a[aOff + i * aInc], b[bOff + i * bInc]);
        }
    }

    private static float[] copies(float value) {
        float[] v = new float[W];
        java.util.Arrays.fill(v, value);
        return v;
    }

    private static void add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
        for (int i = 0, k = 0; i < bound; i += W, k++) {
            FloatVector.fromArray(S, a, ao + k * as).add(FloatVector.fromArray(S, b, bo + k * bs)).intoArray(out, oo + i);
        }
    }

    private static void sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
        for (int i = 0, k = 0; i < bound; i += W, k++) {
            FloatVector.fromArray(S, a, ao + k * as).sub(FloatVector.fromArray(S, b, bo + k * bs)).intoArray(out, oo + i);
        }
    }

    private static void mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
        for (int i = 0, k = 0; i < bound; i += W, k++) {
            FloatVector.fromArray(S, a, ao + k * as).mul(FloatVector.fromArray(S, b, bo + k * bs)).intoArray(out, oo + i);
        }
    }

    private static void div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
        for (int i = 0, k = 0; i < bound; i += W, k++) {
            FloatVector.fromArray(S, a, ao + k * as).div(FloatVector.fromArray(S, b, bo + k * bs)).intoArray(out, oo + i);
        }
    }

    private static void max(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
        for (int i = 0, k = 0; i < bound; i += W, k++) {
            FloatVector.fromArray(S, a, ao + k * as).max(FloatVector.fromArray(S, b, bo + k * bs)).intoArray(out, oo + i);
        }
    }

    private static void maskPositive(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo,
                                     int bound) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0, k = 0; i < bound; i += W, k++) {
            FloatVector y = FloatVector.fromArray(S, b, bo + k * bs);
            zero.blend(FloatVector.fromArray(S, a, ao + k * as), y.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
        }
    }

    private static float apply(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MASK_POSITIVE -> y > 0 ? x : 0f;
        };
    }

    /** out[outOff+i] = op(x[xOff+i]) for i &lt; n; one loop method per operation, as in {@link #binary}. */
    public static void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        int bound = S.loopBound(n);
        switch (op) {
            case NEG -> neg(x, xOff, out, outOff, bound);
            case EXP -> exp(x, xOff, out, outOff, bound);
            case LOG -> log(x, xOff, out, outOff, bound);
            case SQRT -> sqrt(x, xOff, out, outOff, bound);
            case RELU -> relu(x, xOff, out, outOff, bound);
            case TANH -> tanh(x, xOff, out, outOff, bound);
            case SIGMOID -> sigmoid(x, xOff, out, outOff, bound);
            case GELU -> gelu(x, xOff, out, outOff, bound);
            case RECIPROCAL -> reciprocal(x, xOff, out, outOff, bound);
            case SQUARE -> square(x, xOff, out, outOff, bound);
            case GELU_GRAD -> geluGrad(x, xOff, out, outOff, bound);
        }
        for (int i = bound; i < n; i++) {
            out[outOff + i] = (float) op.apply(x[xOff + i]);
        }
    }

    private static void neg(float[] x, int xo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += W) {
            FloatVector.fromArray(S, x, xo + i).neg().intoArray(out, oo + i);
        }
    }

    private static void exp(float[] x, int xo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += W) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.EXP).intoArray(out, oo + i);
        }
    }

    private static void log(float[] x, int xo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += W) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.LOG).intoArray(out, oo + i);
        }
    }

    private static void sqrt(float[] x, int xo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += W) {
            FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(out, oo + i);
        }
    }

    private static void relu(float[] x, int xo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += W) {
            FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(out, oo + i);
        }
    }

    private static void tanh(float[] x, int xo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += W) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.TANH).intoArray(out, oo + i);
        }
    }

    private static void sigmoid(float[] x, int xo, float[] out, int oo, int bound) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < bound; i += W) {
            one.div(FloatVector.fromArray(S, x, xo + i).neg().lanewise(VectorOperators.EXP).add(1f))
                    .intoArray(out, oo + i);
        }
    }

    private static void gelu(float[] x, int xo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += W) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            geluTanh(v).add(1f).mul(v).mul(0.5f).intoArray(out, oo + i);
        }
    }

    private static void reciprocal(float[] x, int xo, float[] out, int oo, int bound) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < bound; i += W) {
            one.div(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
        }
    }

    private static void square(float[] x, int xo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += W) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).intoArray(out, oo + i);
        }
    }

    private static void geluGrad(float[] x, int xo, float[] out, int oo, int bound) {
        for (int i = 0; i < bound; i += W) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector t = geluTanh(v);
            FloatVector inner = v.mul(v).mul((float) (3 * UnaryOp.GELU_A)).add(1f).mul((float) UnaryOp.GELU_C);
            t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(inner)).intoArray(out, oo + i);
        }
    }

    private static FloatVector geluTanh(FloatVector x) {
        FloatVector cube = x.mul(x).mul(x);
        return cube.mul((float) UnaryOp.GELU_A).add(x).mul((float) UnaryOp.GELU_C).lanewise(VectorOperators.TANH);
    }

    /** Sum of x[off..off+n). */
    public static float sum(float[] x, int off, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += W) {
            acc = acc.add(FloatVector.fromArray(S, x, off + i));
        }
        float[] lanes = new float[W];
        acc.intoArray(lanes, 0);
        float s = sumInOrder(lanes, 0, W);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /**
     * x[off] + x[off + 1] + ... + x[off + n - 1], added in that order: the lane sum of a vector
     * stored there. {@code reduceLanes(ADD)} leaves the order unspecified, and it differs between
     * interpreted and compiled code, which would make results depend on JIT timing; this keeps
     * every run bit-identical. Callers store the vector themselves (with {@code intoArray}), so
     * no vector crosses a call that the JIT might not inline (it would be boxed on the heap).
     */
    static float sumInOrder(float[] x, int off, int n) {
        float s = 0;
        for (int i = off; i < off + n; i++) {
            s += x[i];
        }
        return s;
    }

    /** Maximum of x[off..off+n), n &gt; 0. */
    public static float max(float[] x, int off, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        float m = Float.NEGATIVE_INFINITY;
        if (bound > 0) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; i < bound; i += W) {
                acc = acc.max(FloatVector.fromArray(S, x, off + i));
            }
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }

    /**
     * dst[dOff+i] += scale * src[sOff+i] for i &lt; n, the product rounded to float before the sum
     * (no fused multiply-add), as a multiplication followed by an addition would give.
     */
    public static void addProduct(float scale, float[] src, int sOff, float[] dst, int dOff, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector sv = FloatVector.broadcast(S, scale);
        for (; i < bound; i += W) {
            FloatVector.fromArray(S, src, sOff + i).mul(sv).add(FloatVector.fromArray(S, dst, dOff + i))
                    .intoArray(dst, dOff + i);
        }
        for (; i < n; i++) {
            dst[dOff + i] += src[sOff + i] * scale;
        }
    }

    /** dst[dOff+i] += src[sOff+i] * scale for i &lt; n. */
    public static void axpy(float scale, float[] src, int sOff, float[] dst, int dOff, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector sv = FloatVector.broadcast(S, scale);
        for (; i < bound; i += W) {
            FloatVector.fromArray(S, src, sOff + i).fma(sv, FloatVector.fromArray(S, dst, dOff + i))
                    .intoArray(dst, dOff + i);
        }
        for (; i < n; i++) {
            dst[dOff + i] += src[sOff + i] * scale;
        }
    }
}
