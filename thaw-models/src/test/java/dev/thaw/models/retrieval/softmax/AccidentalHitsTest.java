package dev.thaw.models.retrieval.softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.split.UserItems;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AccidentalHitsTest {
    /** User 0 likes items 0..3, user 1 likes 2..5, user 2 likes 6. */
    private static final UserItems POSITIVES = UserItems.of(3, 8, new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2},
            new int[] {0, 1, 2, 3, 2, 3, 4, 5, 6});

    @Test
    void labelRuleMasksOnlyCopiesOfTheLabelAndUserRuleEveryPositive() {
        int[] users = {0, 1, 2, 0};
        int[] labels = {1, 4, 6, 1};
        Candidates inBatch = Candidates.shared(labels, new int[] {0, 1, 2, 3});
        boolean[] label = AccidentalHits.LABEL.mask(inBatch, users, POSITIVES);
        boolean[] user = AccidentalHits.USER_POSITIVES.mask(inBatch, users, POSITIVES);
        // cells: row b, column c holds labels[c]; row 0 and row 3 share label 1
        boolean[] expectedLabel = new boolean[16];
        expectedLabel[3] = true;          // row 0, column 3 = item 1 = its label
        expectedLabel[12] = true;         // row 3, column 0 = item 1 = its label
        assertArrayEquals(expectedLabel, label);
        boolean[] expectedUser = expectedLabel.clone();
        // user 1 also likes nothing else in {1, 4, 6}; user 0 likes 1 only; so the rules agree here ...
        assertArrayEquals(expectedUser, user);
        // ... until negatives include other positives of the user: sampled negatives 2, 3, 5, 7
        Candidates sampled = Candidates.labelFirst(new int[] {1, 4}, new int[] {2, 3, 5, 7, 2, 3, 5, 7});
        boolean[] userSampled = AccidentalHits.USER_POSITIVES.mask(sampled, new int[] {0, 1}, POSITIVES);
        assertArrayEquals(new boolean[] {false, true, true, false, false, false, true, true, true, false},
                userSampled);
        assertArrayEquals(new boolean[10], AccidentalHits.LABEL.mask(sampled, new int[] {0, 1}, POSITIVES));
        assertArrayEquals(new boolean[10], AccidentalHits.NONE.mask(sampled, new int[] {0, 1}, POSITIVES));
    }

    /**
     * In-batch negatives on a corpus where users hold many positives: the label-only rule (TFRS)
     * finds almost nothing to mask, ours masks a measurable share of the negatives and so changes the loss.
     */
    @Test
    void userRuleMasksMeasurablyMoreThanTheLabelRuleInBatch() {
        SplittableRandom random = new SplittableRandom(11);
        int users = 50;
        int items = 40;
        int[][] pairs = new int[2][users * 12];
        for (int r = 0; r < pairs[0].length; r++) {
            pairs[0][r] = r / 12;
            pairs[1][r] = (int) Math.min(items - 1, Math.abs(random.nextGaussian()) * 10);
        }
        UserItems positives = UserItems.of(users, items, pairs[0], pairs[1]);
        int[][] all = positives.pairs();
        int batch = 128;
        int[] rows = IntStream.range(0, batch).map(b -> random.nextInt(all[0].length)).toArray();
        int[] batchUsers = IntStream.of(rows).map(r -> all[0][r]).toArray();
        int[] labels = IntStream.of(rows).map(r -> all[1][r]).toArray();
        Candidates inBatch = Candidates.shared(labels, IntStream.range(0, batch).toArray());
        double labelShare = share(AccidentalHits.LABEL.mask(inBatch, batchUsers, positives));
        double userShare = share(AccidentalHits.USER_POSITIVES.mask(inBatch, batchUsers, positives));
        assertTrue(userShare > 2 * labelShare && userShare > 0.1, "user rule masks " + userShare
                + " of cells, label rule " + labelShare);
        dev.thaw.engine.Tensor scores = dev.thaw.engine.Tensor.of(
                IntStream.range(0, batch * batch).mapToDouble(i -> random.nextGaussian()).toArray(), batch, batch);
        double labelLoss = SampledSoftmax.loss(scores, inBatch, null,
                AccidentalHits.LABEL.mask(inBatch, batchUsers, positives), 1).item();
        double userLoss = SampledSoftmax.loss(scores, inBatch, null,
                AccidentalHits.USER_POSITIVES.mask(inBatch, batchUsers, positives), 1).item();
        assertTrue(labelLoss - userLoss > 0.05, "loss with label rule " + labelLoss + ", user rule " + userLoss);
    }

    private static double share(boolean[] mask) {
        int n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        return n / (double) mask.length;
    }

    @Test
    void theLabelCellIsNeverMasked() {
        Candidates c = Candidates.shared(new int[] {2, 2, 2}, new int[] {1});
        boolean[] mask = AccidentalHits.USER_POSITIVES.mask(c, new int[] {0}, POSITIVES);
        assertArrayEquals(new boolean[] {true, false, true}, mask);
        assertEquals(3, c.columns());
    }
}
