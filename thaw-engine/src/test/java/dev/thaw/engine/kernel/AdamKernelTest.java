package dev.thaw.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vector loop against the scalar loop: same bits for Adam and AdamW over several steps. */
class AdamKernelTest {
    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rng.nextDouble(-1, 1) * scale);
        }
        return x;
    }

    /** w, m, v after five steps on random gradients, vector kernels on or off. */
    private static float[][] fiveSteps(boolean vector, boolean decoupled) {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 103;
        float[] w = random(rng, n, 1);
        float[] m = new float[n];
        float[] v = new float[n];
        boolean before = Kernels.vectorEnabled();
        Kernels.setVectorEnabled(vector);
        try {
            for (int t = 1; t <= 5; t++) {
                AdamKernel.Step step = new AdamKernel.Step(0.7, 0.9, 0.999, (float) (1 - Math.pow(0.9, t)),
                        (float) (1 - Math.pow(0.999, t)), 0.01f, 1e-8f, 0.05f, decoupled);
                AdamKernel.update(step, w, random(rng, n, 1e-3 * t), m, v, n);
            }
        } finally {
            Kernels.setVectorEnabled(before);
        }
        return new float[][] {w, m, v};
    }

    @Test
    void vectorAndScalarLoopsGiveTheSameBits() {
        for (boolean decoupled : new boolean[] {false, true}) {
            float[][] vector = fiveSteps(true, decoupled);
            float[][] scalar = fiveSteps(false, decoupled);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(scalar[k], vector[k], (decoupled ? "AdamW" : "Adam") + " array " + k);
            }
            assertFalse(Arrays.equals(fiveSteps(true, !decoupled)[0], vector[0]), "weight decay must matter");
        }
    }
}
