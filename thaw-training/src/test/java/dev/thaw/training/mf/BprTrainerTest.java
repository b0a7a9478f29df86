package dev.thaw.training.mf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.split.UserItems;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BprTrainerTest {
    /** Two blocks: users 0..19 take items 0..9, users 20..39 items 10..19, every third pair left out. */
    private static UserItems blocks() {
        java.util.List<int[]> pairs = new java.util.ArrayList<>();
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 10; i++) {
                if ((u + i) % 3 != 0) {
                    pairs.add(new int[] {u, (u < 20 ? 0 : 10) + i});
                }
            }
        }
        return UserItems.of(40, 20, pairs.stream().mapToInt(p -> p[0]).toArray(),
                pairs.stream().mapToInt(p -> p[1]).toArray());
    }

    @Test
    void lossFallsAndLeftOutBlockItemsOutrankTheOtherBlock() {
        UserItems data = blocks();
        FitResult fit = BprTrainer.fit(data, new BprConfig(8, 40, 0.1, 0.001), 3, FitProgress.NONE);
        double[] losses = fit.losses();
        assertTrue(losses[losses.length - 1] < 0.5 * losses[0], Arrays.toString(losses));
        float[] users = fit.model().queryEmbeddings(java.util.stream.IntStream.range(0, 40).toArray(), data);
        float[] items = fit.model().itemEmbeddings();
        for (int u = 0; u < 40; u++) {
            int own = u < 20 ? 0 : 10;
            for (int i = 0; i < 10; i++) {
                if (!data.contains(u, own + i)) {
                    double ownScore = dot(users, u, items, own + i, 8);
                    for (int other = 10 - own; other < 20 - own; other++) {
                        assertTrue(ownScore > dot(users, u, items, other, 8),
                                "user " + u + ": left-out item " + (own + i) + " vs other block item " + other);
                    }
                }
            }
        }
    }

    @Test
    void aSeedRepeatsTheFitAndAnotherSeedDoesNot() {
        UserItems data = blocks();
        BprConfig config = new BprConfig(4, 3, 0.05, 0.01);
        float[] a = BprTrainer.fit(data, config, 1, FitProgress.NONE).model().itemEmbeddings();
        float[] b = BprTrainer.fit(data, config, 1, FitProgress.NONE).model().itemEmbeddings();
        float[] c = BprTrainer.fit(data, config, 2, FitProgress.NONE).model().itemEmbeddings();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    private static double dot(float[] u, int user, float[] v, int item, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            s += u[user * d + k] * v[item * d + k];
        }
        return s;
    }
}
