package dev.thaw.models.retrieval.softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HardNegativesTest {
    @Test
    void minesTheTopScoredNonPositivesOfEachRowAfterTheSkippedOnes() {
        for (long seed = 0; seed < 5; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int rows = 6;
            int[] pool = IntStream.range(0, 30).map(i -> 100 + 3 * i).toArray();
            float[] scores = new float[rows * pool.length];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = (float) random.nextGaussian();
            }
            HardNegatives.Exclusion positives = (row, item) -> (item + row) % 4 == 0;
            int count = 5;
            int skip = (int) seed;
            int[] mined = HardNegatives.mine(scores, rows, pool, skip, count, positives);
            for (int b = 0; b < rows; b++) {
                int row = b;
                int[] expected = IntStream.range(0, pool.length).boxed()
                        .filter(p -> !positives.excluded(row, pool[p]))
                        .sorted(Comparator.comparingDouble(p -> -scores[row * pool.length + p]))
                        .skip(skip).limit(count).mapToInt(p -> pool[p]).toArray();
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(mined, b * count, (b + 1) * count),
                        "seed " + seed + " row " + b);
            }
        }
    }

    @Test
    void failsWhenTooFewItemsAreAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HardNegatives.mine(new float[] {1, 2, 3}, 1, new int[] {0, 1, 2}, 1, 1, (row, item) -> item > 0));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("only 1"), e.getMessage());
    }
}
