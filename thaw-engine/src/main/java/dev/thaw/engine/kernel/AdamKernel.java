package dev.thaw.engine.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's (and AdamW's) element update on float32 arrays: the moments are blended in double
 * precision and stored as floats, the step is taken in float. The vector loop runs four lanes at
 * once (eight where the hardware has 512-bit vectors, for the doubles) in the same operations and
 * order as the scalar loop (no fused multiply-adds), so all give the same bits.
 */
public final class AdamKernel {
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    private static final VectorSpecies<Float> F = WIDE ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> D = WIDE ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;

    private AdamKernel() {
    }

    /** The constants of one step. */
    public record Step(double scale, double beta1, double beta2, float correction1, float correction2,
                       float learningRate, float eps, float weightDecay, boolean decoupled) {
    }

    /**
     * Updates w, m and v in place over [0, n) from gradient g (times {@code scale}, e.g. a clipping
     * factor): gi = g*scale (+ wd*w unless decoupled); m = b1*m + (1-b1)*gi; v = b2*v + (1-b2)*gi*gi;
     * w -= lr * ((m/c1) / (sqrt(v/c2) + eps) (+ wd*w when decoupled)).
     */
    public static void update(Step s, float[] w, float[] g, float[] m, float[] v, int n) {
        int i = 0;
        if (Kernels.vectorEnabled()) {
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                vectorUpdate(s, w, g, m, v, i);
            }
        }
        for (; i < n; i++) {
            float gi = (float) (g[i] * s.scale()) + (s.decoupled() ? 0 : s.weightDecay() * w[i]);
            m[i] = (float) (s.beta1() * m[i] + (1 - s.beta1()) * gi);
            v[i] = (float) (s.beta2() * v[i] + (1 - s.beta2()) * gi * gi);
            float update = (m[i] / s.correction1()) / ((float) Math.sqrt(v[i] / s.correction2()) + s.eps());
            w[i] -= s.learningRate() * (update + (s.decoupled() ? s.weightDecay() * w[i] : 0));
        }
    }

    private static void vectorUpdate(Step s, float[] w, float[] g, float[] m, float[] v, int i) {
        FloatVector wv = FloatVector.fromArray(F, w, i);
        FloatVector decay = wv.mul(s.weightDecay());
        FloatVector gi = toFloat(toDouble(FloatVector.fromArray(F, g, i)).mul(s.scale()));
        gi = gi.add(s.decoupled() ? FloatVector.zero(F) : decay);
        DoubleVector gd = toDouble(gi);
        FloatVector mv = toFloat(toDouble(FloatVector.fromArray(F, m, i)).mul(s.beta1()).add(gd.mul(1 - s.beta1())));
        FloatVector vv = toFloat(toDouble(FloatVector.fromArray(F, v, i)).mul(s.beta2())
                .add(gd.mul(1 - s.beta2()).mul(gd)));
        mv.intoArray(m, i);
        vv.intoArray(v, i);
        FloatVector update = mv.div(s.correction1()).div(vv.div(s.correction2()).sqrt().add(s.eps()));
        FloatVector step = update.add(s.decoupled() ? decay : FloatVector.zero(F)).mul(s.learningRate());
        wv.sub(step).intoArray(w, i);
    }

    private static DoubleVector toDouble(FloatVector x) {
        return (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
    }

    private static FloatVector toFloat(DoubleVector x) {
        return (FloatVector) x.convertShape(VectorOperators.D2F, F, 0);
    }
}
