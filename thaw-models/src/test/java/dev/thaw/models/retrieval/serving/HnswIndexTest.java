package dev.thaw.models.retrieval.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HnswIndexTest {
    private static final int DIM = 16;

    @Test
    void findsNearlyAllExactNeighboursBestFirstAndWiderSearchDoesNotLoseRecall() {
        float[] items = TopKBenchmark.embeddings(3000, DIM, 5);
        float[] queries = TopKBenchmark.embeddings(60, DIM, 6);
        HnswIndex index = HnswIndex.build(items, DIM, 16, 100, 1);
        assertEquals(3000, index.size());
        TopKLists exact = ExactTopK.search(queries, items, DIM, 10, ExactTopK.Exclusions.none());
        int[][] narrow = new int[60][];
        int[][] wide = new int[60][];
        for (int q = 0; q < 60; q++) {
            float[] query = java.util.Arrays.copyOfRange(queries, q * DIM, (q + 1) * DIM);
            narrow[q] = index.search(query, 10, 10);
            wide[q] = index.search(query, 10, 200);
            assertEquals(10, wide[q].length);
            for (int r = 1; r < 10; r++) {
                assertTrue(dot(query, items, wide[q][r - 1]) >= dot(query, items, wide[q][r]), "query " + q + " rank " + r);
            }
        }
        double recallWide = TopKBenchmark.recall(wide, exact);
        assertTrue(recallWide >= 0.95, "recall@10 with ef 200: " + recallWide);
        assertTrue(recallWide >= TopKBenchmark.recall(narrow, exact));
    }

    @Test
    void refusesBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> HnswIndex.build(new float[10], 3, 16, 100, 1));
        HnswIndex index = HnswIndex.build(new float[] {1, 0, 0, 1}, 2, 16, 100, 1);
        assertThrows(IllegalArgumentException.class, () -> index.search(new float[3], 1, 10));
    }

    private static double dot(float[] query, float[] items, int item) {
        double s = 0;
        for (int d = 0; d < DIM; d++) {
            s += query[d] * items[item * DIM + d];
        }
        return s;
    }
}
