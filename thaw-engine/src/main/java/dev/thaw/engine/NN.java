package dev.thaw.engine;

import java.util.random.RandomGenerator;

/**
 * Neural-network functions composed from {@link Ops} primitives, so their gradients of any order
 * follow from the primitives' rules.
 */
public final class NN {
    private NN() {
    }

    /** x @ w + b for x [..., in], w [in, out], b [out] (b may be null). */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        Tensor y = Ops.matmul(x, w);
        return b == null ? y : Ops.add(y, b);
    }

    /** log(sum(exp(x))) along an axis, stabilised by the (constant) maximum. */
    public static Tensor logSumExp(Tensor x, int axis, boolean keepDim) {
        Tensor m = Ops.maxValues(x, axis, true);
        Tensor s = Ops.log(Ops.sum(Ops.exp(Ops.sub(x, m)), axis, true));
        Tensor out = Ops.add(s, m);
        return keepDim ? out : Ops.reshape(out, withoutAxis(out.shape, Shapes.axis(axis, x.rank())));
    }

    /** log softmax along an axis. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        return Ops.sub(x, logSumExp(x, axis, true));
    }

    /** softmax along an axis. */
    public static Tensor softmax(Tensor x, int axis) {
        return Ops.exp(logSoftmax(x, axis));
    }

    /** Mean cross-entropy of logits [batch, classes] against target class indices. */
    public static Tensor crossEntropy(Tensor logits, int[] targets) {
        return crossEntropy(logits, targets, null);
    }

    /**
     * Mean cross-entropy of logits [batch, candidates] against target candidate indices, after
     * subtracting a per-candidate correction (shape [candidates] or [batch, candidates]) from the
     * logits: with correction = log Q(candidate) this is the logQ-corrected sampled softmax.
     * A null correction gives the plain (full) softmax cross-entropy.
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets, Tensor correction) {
        if (logits.rank() != 2 || logits.dim(0) != targets.length) {
            throw new IllegalArgumentException("crossEntropy needs logits [batch, classes] and one target per row, got "
                    + Shapes.str(logits.shape) + " and " + targets.length + " targets");
        }
        Tensor corrected = correction == null ? logits : Ops.sub(logits, correction);
        Tensor logProbs = logSoftmax(corrected, 1);
        int classes = logits.dim(1);
        int[] flat = new int[targets.length];
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] < 0 || targets[i] >= classes) {
                throw new IndexOutOfBoundsException("crossEntropy: target " + targets[i] + " of row " + i
                        + " is outside " + classes + " classes");
            }
            flat[i] = i * classes + targets[i];
        }
        Tensor picked = Ops.gatherRows(Ops.reshape(logProbs, -1), flat);
        return Ops.neg(Ops.mean(picked));
    }

    /** Mean squared error. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        return Ops.mean(Ops.square(Ops.sub(prediction, target)));
    }

    /** Layer normalisation over the last axis with scale gamma and shift beta (both [features]). */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
        Tensor centred = Ops.sub(x, Ops.mean(x, -1, true));
        Tensor variance = Ops.mean(Ops.square(centred), -1, true);
        Tensor normalised = Ops.mul(centred, Ops.reciprocal(Ops.sqrt(Ops.addScalar(variance, eps))));
        return Ops.add(Ops.mul(normalised, gamma), beta);
    }

    /**
     * Causal dilated 1-D convolution over sequences: x [batch, length, in], w [kernel, in, out],
     * b [out] or null. Output position t sees inputs t - (kernel-1-j)*dilation for tap j (zero
     * before the sequence start), so no output depends on a later input.
     */
    public static Tensor conv1dCausal(Tensor x, Tensor w, Tensor b, int dilation) {
        if (x.rank() != 3 || w.rank() != 3 || w.dim(1) != x.dim(2) || dilation < 1) {
            throw new IllegalArgumentException("conv1dCausal needs x [batch, length, in], w [kernel, in, out], "
                    + "dilation >= 1; got " + Shapes.str(x.shape) + ", " + Shapes.str(w.shape) + ", " + dilation);
        }
        int kernel = w.dim(0);
        int length = x.dim(1);
        Tensor padded = Ops.pad(x, 1, (kernel - 1) * dilation, 0);
        Tensor out = null;
        for (int j = 0; j < kernel; j++) {
            Tensor tap = Ops.slice(padded, 1, j * dilation, length);
            Tensor wj = Ops.reshape(Ops.slice(w, 0, j, 1), w.dim(1), w.dim(2));
            Tensor term = Ops.matmul(tap, wj);
            out = out == null ? term : Ops.add(out, term);
        }
        return b == null ? out : Ops.add(out, b);
    }

    /**
     * Weighted sum of table rows per bag: out[bag] = sum over its entries e of weights[e] * table[indices[e]].
     * Bags are ragged in CSR form: bag k holds entries bagOffsets[k] .. bagOffsets[k+1]-1, so
     * bagOffsets has one entry more than there are bags and ends with indices.length. Mean pooling
     * of a multi-valued field is weights = 1/bag size; padded+mask input is weights = mask/count.
     */
    public static Tensor embeddingBag(Tensor table, int[] indices, int[] bagOffsets, float[] weights) {
        if (weights.length != indices.length) {
            throw new IllegalArgumentException("embeddingBag: " + weights.length + " weights for " + indices.length
                    + " indices");
        }
        int bags = bagOffsets.length - 1;
        if (bags < 0 || bagOffsets[0] != 0 || bagOffsets[bags] != indices.length) {
            throw new IllegalArgumentException("embeddingBag: offsets must start at 0 and end at " + indices.length
                    + " (one more offset than bags)");
        }
        int[] bagOf = new int[indices.length];
        for (int k = 0; k < bags; k++) {
            if (bagOffsets[k + 1] < bagOffsets[k]) {
                throw new IllegalArgumentException("embeddingBag: offsets fall at bag " + k);
            }
            java.util.Arrays.fill(bagOf, bagOffsets[k], bagOffsets[k + 1], k);
        }
        Tensor w = Tensor.of(weights, indices.length);
        return Ops.bagSum(table, indices, table.dtype == DType.FLOAT32 ? w : w.toDType(table.dtype), bagOf, bags);
    }

    /** Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p). */
    public static Tensor dropout(Tensor x, double p, RandomGenerator rng) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (p == 0) {
            return x;
        }
        double[] mask = new double[x.size()];
        double keep = 1 / (1 - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < p ? 0 : keep;
        }
        return Ops.mul(x, Tensor.wrap(mask, x.shape()).toDType(x.dtype));
    }

    private static int[] withoutAxis(int[] shape, int ax) {
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != ax) {
                s[j++] = shape[i];
            }
        }
        return s;
    }
}
