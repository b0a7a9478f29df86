package dev.thaw.models.retrieval.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrequencyEstimatorTest {
    private static final int ITEMS = 40;
    private static final int BATCH = 64;

    /** Zipf-like per-draw probabilities p_i proportional to 1 / (i + 5). */
    private static double[] probabilities() {
        double[] p = new double[ITEMS];
        double total = 0;
        for (int i = 0; i < ITEMS; i++) {
            p[i] = 1.0 / (i + 5);
            total += p[i];
        }
        for (int i = 0; i < ITEMS; i++) {
            p[i] /= total;
        }
        return p;
    }

    private static FrequencyEstimator run(FrequencyEstimator.Config config, double[] p, int steps, long seed) {
        NegativeSampler stream = NegativeSampler.proportional(p);
        FrequencyEstimator estimator = new FrequencyEstimator(config);
        SplittableRandom random = new SplittableRandom(seed);
        for (int t = 0; t < steps; t++) {
            estimator.update(stream.sample(BATCH, random));
        }
        return estimator;
    }

    /** Largest relative error of the estimate against the true occurrences per batch, BATCH * p_i. */
    private static double worstRelativeError(FrequencyEstimator estimator, double[] p) {
        double worst = 0;
        for (int i = 0; i < ITEMS; i++) {
            worst = Math.max(worst, Math.abs(estimator.frequency(i) / (BATCH * p[i]) - 1));
        }
        return worst;
    }

    @Test
    void convergesToTheTrueFrequenciesWithinTenPercent() {
        // alpha 0.0005 averages ~2,000 gaps: the head item's relative standard error is about 3.5%
        double[] p = probabilities();
        FrequencyEstimator estimator = run(new FrequencyEstimator.Config(1 << 16, 1, 0.0005, false), p, 40_000, 1);
        assertEquals(40_000, estimator.steps());
        double worst = worstRelativeError(estimator, p);
        assertTrue(worst < 0.10, "worst relative error " + worst);
        assertEquals(Math.log(estimator.frequency(3)), estimator.logQ(3), 1e-12);
    }

    @Test
    void aLargerAlphaForgetsFasterAndIsNoisier() {
        double[] p = probabilities();
        double slow = worstRelativeError(run(new FrequencyEstimator.Config(1 << 16, 1, 0.002, false), p, 30_000, 2), p);
        double fast = worstRelativeError(run(new FrequencyEstimator.Config(1 << 16, 1, 0.1, false), p, 30_000, 2), p);
        assertTrue(fast > 2 * slow, "alpha 0.1 error " + fast + " vs alpha 0.002 error " + slow);
    }

    /** Mean relative error over the items. */
    private static double meanRelativeError(FrequencyEstimator estimator, double[] p) {
        double sum = 0;
        for (int i = 0; i < ITEMS; i++) {
            sum += Math.abs(estimator.frequency(i) / (BATCH * p[i]) - 1);
        }
        return sum / ITEMS;
    }

    @Test
    void collisionsInflateTheEstimateAndTheMaxGapOverSeveralHashesRepairsIt() {
        double[] p = probabilities();
        FrequencyEstimator.Config crowded = new FrequencyEstimator.Config(64, 1, 0.0005, false);
        FrequencyEstimator.Config crowdedMax = new FrequencyEstimator.Config(64, 4, 0.0005, true);
        FrequencyEstimator single = run(crowded, p, 40_000, 3);
        double singleError = meanRelativeError(single, p);
        double maxError = meanRelativeError(run(crowdedMax, p, 40_000, 3), p);
        assertTrue(singleError > 0.2, "40 items in 64 cells collide; mean error " + singleError);
        for (int i = 0; i < ITEMS; i++) {
            assertTrue(single.frequency(i) > 0.9 * BATCH * p[i], "collisions only inflate; item " + i);
        }
        assertTrue(maxError < singleError / 3, "max-B over 4 hashes: mean error " + maxError + " vs one hash "
                + singleError);
    }

    @Test
    void anItemNeverSeenHasFrequencyZero() {
        FrequencyEstimator estimator = new FrequencyEstimator(FrequencyEstimator.Config.defaults());
        estimator.update(new int[] {1, 2});
        assertEquals(0.0, estimator.frequency(3));
        assertEquals(1.0, estimator.frequency(1), 1e-12, "first sighting at step 1: gap 1");
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new FrequencyEstimator.Config(0, 1, 0.1, false));
        assertThrows(IllegalArgumentException.class, () -> new FrequencyEstimator.Config(8, 1, 1.0, false));
    }
}
