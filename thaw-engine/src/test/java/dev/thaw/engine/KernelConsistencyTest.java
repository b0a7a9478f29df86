package dev.thaw.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.engine.kernel.Kernels;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The float32 vector kernels agree with the float64 scalar reference on random shapes, including
 * odd sizes and sizes below the vector width.
 */
class KernelConsistencyTest {
    private static final int[] SIZES = {1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100};
    private final SplittableRandom rng = new SplittableRandom(3);

    @AfterEach
    void restoreVectorKernels() {
        Kernels.setVectorEnabled(true);
    }

    private Tensor random(int... shape) {
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble(-2, 2);
        }
        return Tensor.wrap(v, shape);
    }

    private static void assertSame(String what, Function<List<Tensor>, Tensor> op, Tensor... inputs) {
        Kernels.setVectorEnabled(true);
        float[] vector = op.apply(List.of(inputs)).toFloatArray();
        Kernels.setVectorEnabled(false);
        float[] scalar = op.apply(List.of(inputs)).toFloatArray();
        Kernels.setVectorEnabled(true);
        assertTrue(vector.length == scalar.length, what + ": lengths differ");
        for (int i = 0; i < vector.length; i++) {
            double tol = 2e-6 * Math.max(1, Math.abs(scalar[i]));
            if (Math.abs(vector[i] - scalar[i]) > tol) {
                throw new AssertionError(what + ": element " + i + " vector " + vector[i] + " scalar " + scalar[i]);
            }
        }
    }

    @Test
    void elementwiseUnaryKernels() {
        for (int n : SIZES) {
            Tensor x = random(n);
            Tensor positive = Ops.addScalar(Ops.square(x), 0.1);
            assertSame("exp " + n, t -> Ops.exp(t.get(0)), x);
            assertSame("log " + n, t -> Ops.log(t.get(0)), positive);
            assertSame("sqrt " + n, t -> Ops.sqrt(t.get(0)), positive);
            assertSame("reciprocal " + n, t -> Ops.reciprocal(t.get(0)), positive);
            assertSame("relu " + n, t -> Ops.relu(t.get(0)), x);
            assertSame("tanh " + n, t -> Ops.tanh(t.get(0)), x);
            assertSame("sigmoid " + n, t -> Ops.sigmoid(t.get(0)), x);
            assertSame("gelu " + n, t -> Ops.gelu(t.get(0)), x);
            assertSame("neg " + n, t -> Ops.neg(t.get(0)), x);
            assertSame("square " + n, t -> Ops.square(t.get(0)), x);
        }
    }

    @Test
    void geluDerivativeKernelMatchesRecordedFormula() {
        for (int n : SIZES) {
            Tensor x = random(n).requireGrad();
            float[] fused = Autograd.grad(Ops.sum(Ops.gelu(x)), List.of(x), false).get(0).toFloatArray();
            float[] recorded = Autograd.grad(Ops.sum(Ops.gelu(x)), List.of(x), true).get(0).toFloatArray();
            assertArrayEquals(recorded, fused, 2e-6f, "gelu' size " + n);
        }
    }

    @Test
    void elementwiseBinaryKernelsWithBroadcasting() {
        for (int n : SIZES) {
            int m = 1 + rng.nextInt(5);
            Tensor a = random(m, n);
            Tensor b = Ops.addScalar(Ops.square(random(m, n)), 0.5);
            Tensor row = random(n);
            Tensor col = random(m, 1);
            for (var op : List.<Function<List<Tensor>, Tensor>>of(
                    t -> Ops.add(t.get(0), t.get(1)), t -> Ops.sub(t.get(0), t.get(1)),
                    t -> Ops.mul(t.get(0), t.get(1)), t -> Ops.div(t.get(0), t.get(1)))) {
                assertSame("binary same shape " + n, op, a, b);
                assertSame("binary row broadcast " + n, op, a, row);
                assertSame("binary column broadcast " + n, op, a, col);
                assertSame("binary outer broadcast " + n, op, col, row);
            }
            assertSame("addScaled " + n, t -> Ops.addScaled(t.get(0), t.get(1), -0.3), a, b);
            assertSame("maskPositive " + n, t -> Ops.maskPositive(t.get(0), t.get(1)), a, random(m, n));
        }
    }

    @Test
    void reductionsAndRowKernels() {
        for (int n : SIZES) {
            int m = 1 + rng.nextInt(6);
            Tensor x = random(m, n, 3);
            assertSame("sum all " + n, t -> Ops.sum(t.get(0)), x);
            assertSame("sum axis 0 " + n, t -> Ops.sum(t.get(0), 0, false), x);
            assertSame("sum axis 1 " + n, t -> Ops.sum(t.get(0), 1, false), x);
            assertSame("sum axis 2 " + n, t -> Ops.sum(t.get(0), 2, false), x);
            assertSame("max last axis " + n, t -> Ops.maxValues(t.get(0), -1, false), Ops.reshape(x, m * 3, n));
            assertSame("max middle axis " + n, t -> Ops.maxValues(t.get(0), 1, true), x);
            assertSame("sumTo " + n, t -> Ops.sumTo(t.get(0), 1, 3), x);
            int[] scatter = randomIndices(m, 4);
            int[] gather = randomIndices(7, m);
            assertSame("scatterAddRows " + n, t -> Ops.scatterAddRows(t.get(0), scatter, 4), x);
            assertSame("gatherRows " + n, t -> Ops.gatherRows(t.get(0), gather), x);
            int[] bagOf = randomIndices(7, 3);
            assertSame("bagSum " + n, t -> Ops.bagSum(t.get(0), gather, t.get(1), bagOf, 3), x, random(7));
        }
    }

    @Test
    void matrixProducts() {
        for (int trial = 0; trial < 40; trial++) {
            int m = SIZES[rng.nextInt(SIZES.length)];
            int k = SIZES[rng.nextInt(SIZES.length)];
            int n = SIZES[rng.nextInt(SIZES.length)];
            boolean ta = rng.nextBoolean();
            boolean tb = rng.nextBoolean();
            Tensor a = ta ? random(k, m) : random(m, k);
            Tensor b = tb ? random(n, k) : random(k, n);
            float[] vector = Ops.matmul(a, b, ta, tb).toFloatArray();
            Kernels.setVectorEnabled(false);
            float[] scalar = Ops.matmul(a, b, ta, tb).toFloatArray();
            Kernels.setVectorEnabled(true);
            for (int i = 0; i < vector.length; i++) {
                assertTrue(Math.abs(vector[i] - scalar[i]) <= 1e-5 * Math.sqrt(k) * Math.max(1, Math.abs(scalar[i])),
                        "matmul " + m + "x" + k + "x" + n + " element " + i);
            }
        }
    }

    private int[] randomIndices(int count, int bound) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = rng.nextInt(bound);
        }
        return idx;
    }
}
