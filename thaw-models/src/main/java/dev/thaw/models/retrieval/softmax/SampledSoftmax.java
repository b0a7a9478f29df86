package dev.thaw.models.retrieval.softmax;

import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import java.util.function.IntToDoubleFunction;

/**
 * The softmax cross-entropy of a batch over its candidates, with the sampling-bias correction and
 * accidental-hit removal applied in that order after the temperature:
 * {@code l[b,c] = s[b,c] / temperature - log Q(item[b,c]) - (masked ? HIT_MASK : 0)} and
 * {@code loss = mean_b -log softmax(l[b])[label_b]}. Hence
 * {@code d loss / d l[b,c] = (softmax(l[b])_c - 1[c = label_b]) / rows}.
 *
 * <p>logQ follows the standard sampled-softmax derivation (Bengio and Sen&eacute;cal; Jean et al.
 * 2015; Yi et al. 2019): <em>every</em> candidate is corrected, the positive included, by the log of
 * its probability of being drawn. A factor common to all candidates (e.g. the number of draws, which
 * turns a per-draw probability into an expected count) shifts every logit of a row equally and
 * leaves loss and gradient unchanged, so per-draw probabilities and expected counts are
 * interchangeable here. A uniform Q is such a constant: it is a no-op.
 */
public final class SampledSoftmax {
    /**
     * Subtracted from a masked logit: large enough that its softmax weight is exactly 0 in float32
     * and float64, finite so no NaN can arise (TFRS: min float / 100).
     */
    public static final double HIT_MASK = 1e9;

    private SampledSoftmax() {
    }

    /**
     * The loss of scores {@code [rows, columns]} (query . candidate dot products).
     *
     * @param logQ        log of a candidate item's sampling probability, or null for no correction
     * @param masked      cells to remove (row-major), or null for none
     * @param temperature the scores are divided by it (> 0)
     */
    public static Tensor loss(Tensor scores, Candidates candidates, IntToDoubleFunction logQ, boolean[] masked,
                              double temperature) {
        if (scores.rank() != 2 || scores.dim(0) != candidates.rows() || scores.dim(1) != candidates.columns()) {
            throw new IllegalArgumentException("scores " + java.util.Arrays.toString(scores.shape())
                    + " do not match " + candidates.rows() + " x " + candidates.columns() + " candidates");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        Tensor logits = temperature == 1 ? scores : Ops.mulScalar(scores, 1 / temperature);
        double[] correction = correction(candidates, logQ, masked);
        Tensor correctionTensor = correction == null ? null
                : Tensor.wrap(correction, candidates.rows(), candidates.columns()).toDType(scores.dtype());
        return NN.crossEntropy(logits, candidates.labelColumns(), correctionTensor);
    }

    /** What is subtracted from each logit (row-major), or null when nothing is. */
    public static double[] correction(Candidates candidates, IntToDoubleFunction logQ, boolean[] masked) {
        if (logQ == null && masked == null) {
            return null;
        }
        int[] items = candidates.items();
        if (masked != null && masked.length != items.length) {
            throw new IllegalArgumentException("mask has " + masked.length + " cells for " + items.length + " candidates");
        }
        double[] correction = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            correction[i] = (logQ == null ? 0 : logQ.applyAsDouble(items[i])) + (masked != null && masked[i] ? HIT_MASK : 0);
        }
        return correction;
    }
}
