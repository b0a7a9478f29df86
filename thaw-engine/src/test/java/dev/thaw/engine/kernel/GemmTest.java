package dev.thaw.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GemmTest {
    private static final int[] SIZES = {1, 2, 3, 7, 15, 17, 33, 65};

    @Test
    void matchesReferenceOnAllSmallShapes() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    for (int t = 0; t < 4; t++) {
                        check(rnd, t >= 2, (t & 1) == 1, m, n, k, rnd.nextBoolean());
                    }
                }
            }
        }
    }

    @Test
    void matchesReferenceOnLargeAndOddShapes() {
        int[][] shapes = {
            {257, 65, 33}, {33, 257, 65}, {65, 33, 257}, {257, 257, 17}, {1, 257, 257},
            {257, 1, 257}, {10, 64, 256}, {256, 64, 10}, {10, 256, 64}, {6, 16, 300},
            {131, 97, 300}, {200, 300, 513}, {5, 4000, 3}, {2100, 9, 40}, {19, 2300, 70}, {12, 4100, 100},
        };
        SplittableRandom rnd = new SplittableRandom(2);
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                check(rnd, t >= 2, (t & 1) == 1, s[0], s[1], s[2], t % 3 == 0);
            }
        }
    }

    @Test
    void depthOneProductsAreExactlyRoundedProducts() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int t = 0; t < 8; t++) {
            boolean ta = (t & 1) == 1;
            boolean tb = (t & 2) == 2;
            boolean acc = t >= 4;
            int m = 7;
            int n = 21;
            float[] a = randomFloats(rnd, m);
            float[] b = randomFloats(rnd, n);
            float[] c = randomFloats(rnd, m * n);
            float[] expected = c.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float product = a[i] * b[j];
                    expected[i * n + j] = acc ? expected[i * n + j] + product : product;
                }
            }
            Gemm.sgemm(ta, tb, m, n, 1, a, 0, ta ? m : 1, b, 0, tb ? 1 : n, c, 0, n, acc);
            assertArrayEquals(expected, c, describe(ta, tb, m, n, 1) + " acc=" + acc);
        }
    }

    @Test
    void zeroDepthClearsOrKeepsC() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[4], c);
    }

    @Test
    void parallelIsBitIdenticalToSingleThread() {
        // {m, n, k, threads}: splits over rows and over columns, ragged parts, depth over KC
        int[][] shapes = {{300, 200, 150, 2}, {64, 1100, 130, 2}, {131, 257, 530, 3}};
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = t >= 2;
                boolean tb = (t & 1) == 1;
                int m = s[0];
                int n = s[1];
                int k = s[2];
                float[] a = randomFloats(rnd, m * k + 5);
                float[] b = randomFloats(rnd, k * n + 3);
                float[] c0 = randomFloats(rnd, m * n + 7);
                float[] expected = c0.clone();
                boolean acc = t % 2 == 0;
                Gemm.sgemm(ta, tb, m, n, k, a, 5, ta ? m : k, b, 3, tb ? k : n, expected, 7, n, acc);
                for (int threads = 1; threads <= s[3]; threads++) {
                    float[] c = c0.clone();
                    Gemm.sgemmParallel(threads, ta, tb, m, n, k, a, 5, ta ? m : k, b, 3, tb ? k : n,
                            c, 7, n, acc);
                    assertArrayEquals(expected, c, "threads " + threads + " " + describe(ta, tb, m, n, k));
                }
            }
        }
    }

    /** Runs sgemm on padded, offset operands and compares with dgemm, including the padding. */
    private static void check(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k,
                              boolean acc) {
        int rowsA = ta ? k : m;
        int colsA = ta ? m : k;
        int rowsB = tb ? n : k;
        int colsB = tb ? k : n;
        int lda = colsA + rnd.nextInt(3);
        int ldb = colsB + rnd.nextInt(3);
        int ldc = n + rnd.nextInt(3);
        int aOff = rnd.nextInt(4);
        int bOff = rnd.nextInt(4);
        int cOff = rnd.nextInt(4);
        float[] a = randomFloats(rnd, aOff + (rowsA - 1) * lda + colsA + rnd.nextInt(2));
        float[] b = randomFloats(rnd, bOff + (rowsB - 1) * ldb + colsB + rnd.nextInt(2));
        float[] c = randomFloats(rnd, cOff + (m - 1) * ldc + n + rnd.nextInt(2));
        double[] ref = toDouble(c);
        Gemm.sgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
        Gemm.dgemm(ta, tb, m, n, k, toDouble(a), aOff, lda, toDouble(b), bOff, ldb, ref, cOff, ldc, acc);
        double scale = 1e-5 * Math.sqrt(k);
        for (int i = 0; i < c.length; i++) {
            int row = (i - cOff) / ldc;
            int col = (i - cOff) % ldc;
            boolean inside = i >= cOff && row < m && col < n;
            if (!inside) {
                assertEquals((float) ref[i], c[i], 0f, "padding changed at " + i + " " + describe(ta, tb, m, n, k));
            } else if (Math.abs(c[i] - ref[i]) > scale * (1 + Math.abs(ref[i]))) {
                fail(describe(ta, tb, m, n, k) + " acc=" + acc + " at (" + row + "," + col + "): "
                        + c[i] + " vs " + ref[i]);
            }
        }
    }

    private static String describe(boolean ta, boolean tb, int m, int n, int k) {
        return (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k;
    }

    private static float[] randomFloats(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static double[] toDouble(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }
}
