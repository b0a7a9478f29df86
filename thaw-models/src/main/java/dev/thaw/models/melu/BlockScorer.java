package dev.thaw.models.melu;

import dev.thaw.engine.Tensor;
import dev.thaw.engine.kernel.Gemm;
import dev.thaw.engine.kernel.UnaryOp;
import dev.thaw.engine.kernel.VectorMath;
import dev.thaw.engine.nn.Linear;
import dev.thaw.engine.nn.Weights;
import java.util.Arrays;
import java.util.List;

/**
 * {@link MeluModel#decideFromItemTerm} for many candidates of one user, computed block by block for
 * serving: for each block of {@value #BLOCK} candidates, the first decision layer's pre-activation
 * (the candidates' trained item terms, plus the low-rank change {@code (X cols)^T D} of the layer's
 * item rows, plus the user's term), ReLU, then the later layers, each bias added by starting the
 * product from it, all in small buffers that stay in cache. No [candidates, hidden] tensor is built
 * and the item embeddings' transpose is read in place, never packed. The sums are the tensor
 * path's, grouped differently, so scores agree up to float rounding.
 *
 * <p>Float32 weights only. An instance owns its buffers: use one per call (or per thread).
 */
final class BlockScorer {
    /** Candidates per block: a block's hidden activations (2 x 32 KiB at width 64) stay in L1/L2. */
    static final int BLOCK = 128;

    /** Rated item embeddings X [S, itemDim] (S = 0: none). */
    private final float[] ratedRows;
    private final int support;
    /** [D; userTerm] [S + 1, hidden1]: the user's term rides along D as one more product step. */
    private final float[] coefficients;
    /** Per block, [X cols; ones] [S + 1, BLOCK]: the last row stays all ones. */
    private final float[] overlap;
    /** Weights and biases of the layers after the first (index 0 unused: item and user terms replace it). */
    private final float[][] weights;
    private final float[][] biases;
    /** Output width of each layer. */
    private final int[] widths;
    private final float[][] hidden;

    /**
     * The candidates' inputs to the first decision layer: {@code terms} [n, hidden1], their item
     * rows' share of its pre-activation ({@link MeluModel#itemTerm}), and {@code columns}
     * [itemDim, n], their item embeddings transposed.
     */
    record Candidates(Tensor terms, Tensor columns) {
        int count() {
            return terms.dim(0);
        }
    }

    /**
     * The local update's change of the first layer's item rows, {@code ratedRows^T d}: rated item
     * embeddings [S, itemDim] and D [S, hidden1].
     */
    record LowRankChange(Tensor ratedRows, Tensor d) {
    }

    /**
     * A scorer for one user: {@code weights} for the layers after the first (and the user offset,
     * which the last layer's bias takes on), {@code userTerm}
     * [1, hidden1] the user's share of the first layer's pre-activation ({@link MeluModel#userTerm}
     * or its adapted value), {@code change} null when the first layer's item rows are the trained ones.
     */
    BlockScorer(MeluModel model, Weights weights, Tensor userTerm, LowRankChange change) {
        List<Linear> layers = model.decisionLayers();
        this.weights = new float[layers.size()][];
        this.biases = new float[layers.size()][];
        this.widths = new int[layers.size()];
        this.hidden = new float[layers.size() - 1][];
        for (int i = 0; i < layers.size(); i++) {
            Tensor w = weights.get(layers.get(i).weight());
            widths[i] = w.dim(1);
            if (i > 0) {
                this.weights[i] = w.floatStorage();
                this.biases[i] = weights.get(layers.get(i).bias()).floatStorage();
            }
            if (i + 1 < layers.size()) {
                hidden[i] = new float[BLOCK * widths[i]];
            }
        }
        int last = layers.size() - 1;
        biases[last] = biases[last].clone();
        biases[last][0] += model.userOffset(weights);
        this.ratedRows = change == null ? new float[0] : change.ratedRows().floatStorage();
        this.support = change == null ? 0 : change.ratedRows().dim(0);
        this.coefficients = coefficients(change, userTerm, support, widths[0]);
        this.overlap = new float[(support + 1) * BLOCK];
        Arrays.fill(overlap, support * BLOCK, overlap.length, 1f);
    }

    /** [D; userTerm] [support + 1, width]. */
    private static float[] coefficients(LowRankChange change, Tensor userTerm, int support, int width) {
        float[] out = new float[(support + 1) * width];
        if (change != null) {
            System.arraycopy(change.d().floatStorage(), 0, out, 0, support * width);
        }
        System.arraycopy(userTerm.floatStorage(), 0, out, support * width, width);
        return out;
    }

    /** Predicted ratings of the candidates, in their order. */
    float[] scores(Candidates candidates) {
        float[] out = new float[candidates.count()];
        for (int lo = 0; lo < out.length; lo += BLOCK) {
            int rows = Math.min(BLOCK, out.length - lo);
            firstLayer(candidates, lo, rows);
            for (int layer = 1; layer < widths.length; layer++) {
                laterLayer(layer, rows, out, lo);
            }
        }
        return out;
    }

    /**
     * hidden[0] = ReLU(terms + [X cols; ones]^T [D; userTerm]) for candidates [lo, lo + rows), i.e.
     * ReLU(terms + (X cols)^T D + userTerm).
     */
    private void firstLayer(Candidates candidates, int lo, int rows) {
        int width = widths[0];
        int itemDim = candidates.columns().dim(0);
        float[] h = hidden[0];
        System.arraycopy(candidates.terms().floatStorage(), lo * width, h, 0, rows * width);
        Gemm.sgemm(false, false, support, rows, itemDim, ratedRows, 0, itemDim, candidates.columns().floatStorage(),
                lo, candidates.count(), overlap, 0, BLOCK, false);
        Gemm.sgemm(true, false, rows, width, support + 1, overlap, 0, BLOCK, coefficients, 0, width, h, 0, width,
                true);
        VectorMath.unary(UnaryOp.RELU, h, 0, h, 0, rows * width);
    }

    /**
     * Layer {@code layer} on the block's previous activations: bias + h W, then ReLU unless it is
     * the last layer, whose outputs go to {@code out[lo..]}.
     */
    private void laterLayer(int layer, int rows, float[] out, int lo) {
        boolean last = layer == widths.length - 1;
        float[] target = last ? out : hidden[layer];
        int offset = last ? lo : 0;
        int width = widths[layer];
        int in = widths[layer - 1];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(biases[layer], 0, target, offset + r * width, width);
        }
        Gemm.sgemm(false, false, rows, width, in, hidden[layer - 1], 0, in, weights[layer], 0, width, target,
                offset, width, true);
        if (!last) {
            VectorMath.unary(UnaryOp.RELU, target, offset, target, offset, rows * width);
        }
    }
}
