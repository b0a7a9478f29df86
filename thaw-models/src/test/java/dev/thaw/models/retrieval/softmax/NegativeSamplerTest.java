package dev.thaw.models.retrieval.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {
    @Test
    void popularityDrawsFollowCountToTheExponentAndNeverDrawUnseenItems() {
        int[] counts = {100, 0, 25, 1, 0, 9};
        NegativeSampler sampler = NegativeSampler.popularity(counts, 0.5);
        double total = 10 + 5 + 1 + 3;
        int draws = 400_000;
        int[] seen = new int[counts.length];
        for (int item : sampler.sample(draws, new SplittableRandom(7))) {
            seen[item]++;
        }
        for (int i = 0; i < counts.length; i++) {
            double q = Math.sqrt(counts[i]) / total;
            assertEquals(q == 0 ? Double.NEGATIVE_INFINITY : Math.log(q), sampler.logQ(i), 1e-12);
            double sd = Math.sqrt(draws * q * (1 - q));
            assertTrue(Math.abs(seen[i] - draws * q) <= 5 * sd + 1e-9, "item " + i + ": " + seen[i] + " draws, expected "
                    + draws * q);
        }
        assertEquals(0, seen[1]);
        assertEquals(0, seen[4]);
    }

    @Test
    void uniformGivesEveryItemTheSameLogQ() {
        NegativeSampler sampler = NegativeSampler.uniform(8);
        for (int i = 0; i < 8; i++) {
            assertEquals(Math.log(1.0 / 8), sampler.logQ(i), 1e-15);
        }
    }

    @Test
    void trailingZeroWeightItemsAreNeverDrawn() {
        NegativeSampler sampler = NegativeSampler.proportional(new double[] {1, 3, 0, 0});
        for (int item : sampler.sample(100_000, new SplittableRandom(3))) {
            assertTrue(item < 2);
        }
    }

    @Test
    void rejectsBadExponentsAndWeights() {
        assertThrows(IllegalArgumentException.class, () -> NegativeSampler.popularity(new int[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class, () -> NegativeSampler.proportional(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> NegativeSampler.proportional(new double[] {1, -1}));
    }
}
