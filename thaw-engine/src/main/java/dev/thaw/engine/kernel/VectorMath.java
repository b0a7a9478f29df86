package dev.thaw.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
     */
    public static void binary(BinaryOp op, float[] a, int aOff, int aInc, float[] b, int bOff, int bInc,
                              float[] out, int outOff, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector av = aInc == 0 ? FloatVector.broadcast(S, a[aOff]) : null;
        FloatVector bv = bInc == 0 ? FloatVector.broadcast(S, b[bOff]) : null;
        for (; i < bound; i += W) {
            FloatVector x = aInc == 0 ? av : FloatVector.fromArray(S, a, aOff + i);
            FloatVector y = bInc == 0 ? bv : FloatVector.fromArray(S, b, bOff + i);
            apply(op, x, y).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = apply(op, a[aOff + i * aInc], b[bOff + i * bInc]);
        }
    }

    private static FloatVector apply(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAX -> x.max(y);
            case MASK_POSITIVE -> {
                VectorMask<Float> positive = y.compare(VectorOperators.GT, 0f);
                yield FloatVector.zero(S).blend(x, positive);
            }
        };
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

    /** out[outOff+i] = op(x[xOff+i]) for i &lt; n. */
    public static void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += W) {
            apply(op, FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) op.apply(x[xOff + i]);
        }
    }

    private static FloatVector apply(UnaryOp op, FloatVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case EXP -> x.lanewise(VectorOperators.EXP);
            case LOG -> x.lanewise(VectorOperators.LOG);
            case SQRT -> x.sqrt();
            case RELU -> x.max(0f);
            case TANH -> x.lanewise(VectorOperators.TANH);
            case SIGMOID -> FloatVector.broadcast(S, 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
            case GELU -> geluTanh(x).add(1f).mul(x).mul(0.5f);
            case RECIPROCAL -> FloatVector.broadcast(S, 1f).div(x);
            case SQUARE -> x.mul(x);
            case GELU_GRAD -> {
                FloatVector t = geluTanh(x);
                FloatVector inner = x.mul(x).mul((float) (3 * UnaryOp.GELU_A)).add(1f).mul((float) UnaryOp.GELU_C);
                yield t.add(1f).mul(0.5f).add(x.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(inner));
            }
        };
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
        float s = laneSum(acc);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /**
     * Sum of a vector's lanes in a fixed order (lane 0 first). {@code reduceLanes(ADD)} leaves the
     * order unspecified, and it differs between interpreted and compiled code, which would make
     * results depend on JIT timing; this keeps every run bit-identical.
     */
    static float laneSum(FloatVector v) {
        float[] lanes = new float[v.length()];
        v.intoArray(lanes, 0);
        float s = 0;
        for (float lane : lanes) {
            s += lane;
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
