package dev.thaw.training.mf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.split.UserItems;
import dev.thaw.models.retrieval.mf.FactorModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WalsTrainerTest {
    private static UserItems randomSets(int users, int items, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        java.util.List<int[]> pairs = new java.util.ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (random.nextDouble() < density) {
                    pairs.add(new int[] {u, i});
                }
            }
        }
        return UserItems.of(users, items, pairs.stream().mapToInt(p -> p[0]).toArray(),
                pairs.stream().mapToInt(p -> p[1]).toArray());
    }

    /** The objective summed over every (user, item) cell, without the Gramian. */
    private static double bruteForceObjective(UserItems data, float[] values, FactorModel model, WalsConfig c) {
        float[] u = model.queryEmbeddings(java.util.stream.IntStream.range(0, data.userCount()).toArray(), data);
        float[] v = model.itemEmbeddings();
        int d = c.dim();
        double total = 0;
        int pair = 0;
        for (int user = 0; user < data.userCount(); user++) {
            for (int item = 0; item < data.itemCount(); item++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += (double) u[user * d + k] * v[item * d + k];
                }
                if (data.contains(user, item)) {
                    double w = c.observedWeight() + (values == null ? 0 : c.confidenceAlpha() * values[pair++]);
                    total += w * (1 - s) * (1 - s);
                } else {
                    total += c.unobservedWeight() * s * s;
                }
            }
        }
        double norms = 0;
        for (float x : u) {
            norms += (double) x * x;
        }
        for (float x : v) {
            norms += (double) x * x;
        }
        return total + c.regularization() * norms;
    }

    @Test
    void everyIterationLowersTheExactObjective() {
        UserItems data = randomSets(40, 30, 0.15, 3);
        float[] values = new float[data.pairCount()];
        SplittableRandom random = new SplittableRandom(5);
        for (int p = 0; p < values.length; p++) {
            values[p] = 4 + random.nextInt(2);
        }
        for (float[] pairValues : new float[][] {null, values}) {
            WalsConfig config = new WalsConfig(6, 1, 0.5, 1, 0.2, pairValues == null ? 0 : 0.5, 1);
            double previous = Double.POSITIVE_INFINITY;
            double[] reported = WalsTrainer.fit(data, pairValues, config.withIterations(8), 11, FitProgress.NONE).losses();
            for (int iterations = 1; iterations <= 8; iterations++) {
                FactorModel model = WalsTrainer.fit(data, pairValues, config.withIterations(iterations), 11,
                        FitProgress.NONE).model();
                double exact = bruteForceObjective(data, pairValues, model, config);
                assertEquals(exact, reported[iterations - 1], 1e-6 * exact, "reported objective, iteration " + iterations);
                assertTrue(exact < previous, "iteration " + iterations + ": " + exact + " after " + previous);
                previous = exact;
            }
        }
    }

    @Test
    void theLastHalfStepLeavesItemsAtTheExactMinimiser() {
        UserItems data = randomSets(20, 15, 0.3, 8);
        WalsConfig config = new WalsConfig(4, 3, 0.3, 2, 0.1, 0, 1);
        FactorModel model = WalsTrainer.fit(data, config, 2, FitProgress.NONE).model();
        double at = bruteForceObjective(data, null, model, config);
        float[] users = model.queryEmbeddings(java.util.stream.IntStream.range(0, 20).toArray(), data);
        float[] items = model.itemEmbeddings();
        for (int k = 0; k < items.length; k += 7) {
            for (float step : new float[] {-1e-2f, 1e-2f}) {
                float[] moved = items.clone();
                moved[k] += step;
                FactorModel nudged = new FactorModel("wals", 4, users, moved);
                assertTrue(bruteForceObjective(data, null, nudged, config) > at,
                        "moving item coordinate " + k + " by " + step + " should raise the objective");
            }
        }
    }

    @Test
    void threadsDoNotChangeTheFactors() {
        UserItems data = randomSets(50, 40, 0.2, 9);
        WalsConfig config = new WalsConfig(5, 3, 0.5, 1, 0.1, 0, 1);
        FactorModel one = WalsTrainer.fit(data, config, 4, FitProgress.NONE).model();
        FactorModel two = WalsTrainer.fit(data, config.withThreads(2), 4, FitProgress.NONE).model();
        assertArrayEquals(one.itemEmbeddings(), two.itemEmbeddings());
    }

    @Test
    void refusesInvalidSettingsAndMisalignedValues() {
        assertThrows(IllegalArgumentException.class, () -> new WalsConfig(4, 3, 0, 1, 0.1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new WalsConfig(4, 3, 1, 1, -0.1, 0, 1));
        UserItems data = randomSets(5, 5, 0.5, 1);
        assertThrows(IllegalArgumentException.class, () -> WalsTrainer.fit(data, new float[data.pairCount() + 1],
                WalsConfig.defaults(), 1, FitProgress.NONE));
    }
}
