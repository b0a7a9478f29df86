package dev.thaw.models.retrieval.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.engine.Autograd;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SampledSoftmaxTest {
    private static final int ROWS = 3;
    private static final int COLUMNS = 5;
    private static final int ITEMS = 7;
    /** Row b scores items {@code ITEMS_BY_ROW[b]}; the label sits in column LABELS[b]. */
    private static final int[] CELL_ITEMS = {0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0};
    private static final int[] LABELS = {2, 0, 4};
    private static final Candidates CANDIDATES = new Candidates(ROWS, COLUMNS, CELL_ITEMS, LABELS);
    private static final double[] Q = {0.30, 0.05, 0.20, 0.10, 0.15, 0.12, 0.08};
    private static final IntToDoubleFunction LOG_Q = item -> Math.log(Q[item]);

    private static Tensor scores(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return Tensor.of(IntStream.range(0, ROWS * COLUMNS).mapToDouble(i -> random.nextGaussian() * 2).toArray(),
                ROWS, COLUMNS).requireGrad();
    }

    private static double[] gradient(Tensor scores, IntToDoubleFunction logQ, boolean[] masked, double temperature) {
        Tensor loss = SampledSoftmax.loss(scores, CANDIDATES, logQ, masked, temperature);
        return Autograd.grad(loss, List.of(scores), false).get(0).toDoubleArray();
    }

    /** d loss / d s[b,c] = (softmax(s/T - logQ - mask)_c - 1[c = label]) / (rows * T), written out by hand. */
    private static double[] handGradient(double[] s, IntToDoubleFunction logQ, boolean[] masked, double temperature) {
        double[] g = new double[s.length];
        for (int b = 0; b < ROWS; b++) {
            double[] l = new double[COLUMNS];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < COLUMNS; c++) {
                int cell = b * COLUMNS + c;
                l[c] = s[cell] / temperature - (logQ == null ? 0 : logQ.applyAsDouble(CELL_ITEMS[cell]))
                        - (masked != null && masked[cell] ? SampledSoftmax.HIT_MASK : 0);
                max = Math.max(max, l[c]);
            }
            double z = 0;
            for (int c = 0; c < COLUMNS; c++) {
                z += Math.exp(l[c] - max);
            }
            for (int c = 0; c < COLUMNS; c++) {
                double p = Math.exp(l[c] - max) / z;
                g[b * COLUMNS + c] = (p - (c == LABELS[b] ? 1 : 0)) / (ROWS * temperature);
            }
        }
        return g;
    }

    @Test
    void logQGradientIsSoftmaxOfCorrectedLogitsMinusOneHot() {
        Tensor s = scores(1);
        for (double temperature : new double[] {1, 0.25}) {
            double[] got = gradient(s, LOG_Q, null, temperature);
            double[] want = handGradient(s.toDoubleArray(), LOG_Q, null, temperature);
            for (int i = 0; i < got.length; i++) {
                assertEquals(want[i], got[i], 1e-12, "cell " + i + " at temperature " + temperature);
            }
        }
    }

    @Test
    void logQGradientMatchesFiniteDifferences() {
        Tensor s = scores(2);
        double[] analytic = gradient(s, LOG_Q, null, 0.5);
        double[] base = s.toDoubleArray();
        double h = 1e-6;
        for (int i = 0; i < base.length; i++) {
            double[] plus = base.clone();
            double[] minus = base.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (lossOf(plus) - lossOf(minus)) / (2 * h);
            assertEquals(numeric, analytic[i], 1e-8, "cell " + i);
        }
    }

    private static double lossOf(double[] s) {
        return SampledSoftmax.loss(Tensor.of(s, ROWS, COLUMNS), CANDIDATES, LOG_Q, null, 0.5).item();
    }

    @Test
    void logQCorrectionChangesTheGradientButUniformQDoesNot() {
        Tensor s = scores(3);
        double[] plain = gradient(s, null, null, 1);
        double[] corrected = gradient(s, LOG_Q, null, 1);
        double[] uniform = gradient(s, NegativeSampler.uniform(ITEMS)::logQ, null, 1);
        double largestChange = 0;
        for (int i = 0; i < plain.length; i++) {
            largestChange = Math.max(largestChange, Math.abs(corrected[i] - plain[i]));
            assertEquals(plain[i], uniform[i], 1e-15, "uniform Q is a constant shift, cell " + i);
        }
        assertTrue(largestChange > 0.01, "logQ moved the gradient by at most " + largestChange);
    }

    @Test
    void maskedCellsGetZeroGradientAndChangeTheLoss() {
        Tensor s = scores(4);
        boolean[] masked = new boolean[ROWS * COLUMNS];
        masked[1] = true;
        masked[COLUMNS + 3] = true;
        double[] got = gradient(s, LOG_Q, masked, 1);
        double[] want = handGradient(s.toDoubleArray(), LOG_Q, masked, 1);
        for (int i = 0; i < got.length; i++) {
            assertEquals(want[i], got[i], 1e-12, "cell " + i);
            assertTrue(Double.isFinite(got[i]));
        }
        assertEquals(0.0, got[1]);
        assertEquals(0.0, got[COLUMNS + 3]);
        double withMask = SampledSoftmax.loss(s.detach(), CANDIDATES, LOG_Q, masked, 1).item();
        double without = SampledSoftmax.loss(s.detach(), CANDIDATES, LOG_Q, null, 1).item();
        assertTrue(without - withMask > 1e-3, "masking negatives must lower the loss: " + without + " vs " + withMask);
        assertFalse(Double.isNaN(withMask));
    }

    @Test
    void fullSoftmaxEqualsTheSampledLossWithEveryItemSampledOnce() {
        SplittableRandom random = new SplittableRandom(5);
        int rows = 4;
        double[] all = IntStream.range(0, rows * ITEMS).mapToDouble(i -> random.nextGaussian()).toArray();
        int[] labels = {3, 0, 6, 3};
        int[] everyItem = IntStream.range(0, ITEMS).toArray();
        Tensor fullScores = Tensor.of(all, rows, ITEMS);
        double full = SampledSoftmax.loss(fullScores, Candidates.shared(everyItem, labels), null, null, 0.7).item();

        int[] negatives = IntStream.range(0, rows * ITEMS).map(i -> i % ITEMS).toArray();
        Candidates sampled = Candidates.labelFirst(labels, negatives);
        double[] labelFirst = new double[rows * (ITEMS + 1)];
        for (int b = 0; b < rows; b++) {
            labelFirst[b * (ITEMS + 1)] = all[b * ITEMS + labels[b]];
            System.arraycopy(all, b * ITEMS, labelFirst, b * (ITEMS + 1) + 1, ITEMS);
        }
        boolean[] hits = AccidentalHits.LABEL.mask(sampled, new int[rows], null);
        double sampledLoss = SampledSoftmax.loss(Tensor.of(labelFirst, rows, ITEMS + 1), sampled,
                NegativeSampler.uniform(ITEMS)::logQ, hits, 0.7).item();
        assertEquals(full, sampledLoss, 1e-12);
        double withoutRemoval = SampledSoftmax.loss(Tensor.of(labelFirst, rows, ITEMS + 1), sampled, null, null, 0.7)
                .item();
        assertTrue(withoutRemoval > full + 1e-3, "the label sampled again as a negative must count when not removed");
    }

    @Test
    void correctionIsNullWithoutLogQOrMask() {
        assertEquals(null, SampledSoftmax.correction(CANDIDATES, null, null));
        assertEquals(Math.log(Q[2]), SampledSoftmax.correction(CANDIDATES, LOG_Q, null)[2], 1e-15);
    }

    @Test
    void scoresMustMatchTheCandidates() {
        Tensor wrong = Ops.reshape(scores(6).detach(), COLUMNS, ROWS);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SampledSoftmax.loss(wrong, CANDIDATES, null, null, 1));
        assertTrue(e.getMessage().contains("do not match"), e.getMessage());
    }
}
