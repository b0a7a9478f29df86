package dev.thaw.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void maeAndRmse() {
        float[] predicted = {3, 4, 1};
        float[] actual = {4, 4, 3};
        assertEquals(1.0, Metrics.mae(predicted, actual), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), Metrics.rmse(predicted, actual), 1e-12);
    }

    @Test
    void ndcgByHand() {
        // predicted order: items 0, 1, 2 with actual ratings 1, 2, 3 -> gains 1, 3, 7
        float[] predicted = {3, 2, 1};
        float[] actual = {1, 2, 3};
        double log3 = Math.log(3) / Math.log(2);
        double dcg3 = 1 + 3 / log3 + 7 / 2.0;
        double ideal3 = 7 + 3 / log3 + 1 / 2.0;
        assertEquals(dcg3 / ideal3, Metrics.ndcg(predicted, actual, 3), 1e-12);
        assertEquals(1 / 7.0, Metrics.ndcg(predicted, actual, 1), 1e-12);
        assertEquals(1.0, Metrics.ndcg(actual, actual, 3), 1e-12);
        assertEquals(1 / 3.0, Metrics.ndcg(predicted, actual, 1, Metrics.Gain.LINEAR), 1e-12, "gain = rating");
        assertEquals((1 + 2 / log3 + 3 / 2.0) / (3 + 2 / log3 + 1 / 2.0),
                Metrics.ndcg(predicted, actual, 3, Metrics.Gain.LINEAR), 1e-12);
        assertEquals(1.0, Metrics.ndcg(new float[] {1, 2}, new float[] {4, 4}, 1), 1e-12, "ties in truth");
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.mae(new float[0], new float[0]));
        assertThrows(IllegalArgumentException.class, () -> Metrics.mae(new float[1], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> Metrics.ndcg(new float[1], new float[1], 0));
    }
}
