package dev.thaw.models.retrieval.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExactTopKTest {
    /** Small-integer embeddings give exact float scores with many ties, which tests the tie order. */
    private static float[] integers(int n, SplittableRandom random) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(-3, 4);
        }
        return x;
    }

    private static int[] sortedReference(float[] queries, float[] items, int dim, int row, int[] excluded, int k) {
        int itemCount = items.length / dim;
        double[] scores = new double[itemCount];
        for (int i = 0; i < itemCount; i++) {
            for (int d = 0; d < dim; d++) {
                scores[i] += (double) queries[row * dim + d] * items[i * dim + d];
            }
        }
        return IntStream.range(0, itemCount).filter(i -> Arrays.binarySearch(excluded, i) < 0).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void matchesAFullSortWithExclusionsAcrossBlocksAndThreads() {
        SplittableRandom random = new SplittableRandom(7);
        int dim = 5;
        int itemCount = ExactTopK.ITEM_BLOCK + 901;
        int queryCount = ExactTopK.QUERY_BLOCK + 13;
        float[] queries = integers(queryCount * dim, random);
        float[] items = integers(itemCount * dim, random);
        int[][] excluded = new int[queryCount][];
        for (int q = 0; q < queryCount; q++) {
            excluded[q] = random.ints(q % 40, 0, itemCount).distinct().sorted().toArray();
        }
        for (int threads : new int[] {1, 3}) {
            TopKLists lists = ExactTopK.search(queries, items, dim, 25, q -> excluded[q], threads);
            for (int q = 0; q < queryCount; q++) {
                assertArrayEquals(sortedReference(queries, items, dim, q, excluded[q], 25), lists.items()[q],
                        "query " + q + " with " + threads + " threads");
            }
        }
    }

    @Test
    void scoresAreTheDotProductsAndListsShortenWhenFewItemsRemain() {
        float[] queries = {1, 2};
        float[] items = {1, 0, 0, 1, 1, 1};
        TopKLists lists = ExactTopK.search(queries, items, 2, 5, q -> new int[] {1});
        assertArrayEquals(new int[] {2, 0}, lists.items()[0]);
        assertArrayEquals(new float[] {3, 1}, lists.scores()[0]);
        assertEquals(5, lists.k());
    }

    @Test
    void refusesMismatchedShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> ExactTopK.search(new float[3], new float[4], 2, 1, ExactTopK.Exclusions.none()));
        assertThrows(IllegalArgumentException.class,
                () -> ExactTopK.search(new float[2], new float[4], 2, 0, ExactTopK.Exclusions.none()));
    }
}
