package dev.thaw.models.melu;

import dev.thaw.engine.Tensor;
import dev.thaw.engine.kernel.BinaryOp;
import dev.thaw.engine.kernel.Gemm;
import dev.thaw.engine.kernel.UnaryOp;
import dev.thaw.engine.kernel.VectorMath;
import dev.thaw.engine.nn.Linear;
import dev.thaw.engine.nn.Weights;
import java.util.List;

/**
 * {@link MeluModel#decideFromItemTerm} for many candidates of one user, computed block by block for
 * serving: for each block of {@value #BLOCK} candidates, the first decision layer's pre-activation
 * (the candidates' trained item terms, plus the low-rank change {@code (X cols)^T D} of the layer's
 * item rows, plus the user's term), ReLU, then the later layers, each bias added by starting the
 * product from it, all in small buffers that stay in cache. No [candidates, hidden] tensor is built
 * and the item embeddings' transpose is read in place, never packed. Each output is computed with
 * the same operations in the same order as on tensors, so the scores are the tensor path's.
 *
 * <p>Float32 weights only. An instance owns its buffers: use one per call (or per thread).
 */
final class BlockScorer {
    /** Candidates per block: a block's hidden activations (2 x 32 KiB at width 64) stay in L1/L2. */
    static final int BLOCK = 128;

    private final float[] userTerm;
    private final LowRankChange change;
    /** Weights and biases of the layers after the first (index 0 unused: item and user terms replace it). */
    private final float[][] weights;
    private final float[][] biases;
    /** Output width of each layer. */
    private final int[] widths;
    private final float[][] hidden;
    private final float[] overlap;

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
        int support() {
            return ratedRows.dim(0);
        }
    }

    /**
     * A scorer for one user: {@code weights} for the layers after the first, {@code userTerm}
     * [1, hidden1] the user's share of the first layer's pre-activation ({@link MeluModel#userTerm}
     * or its adapted value), {@code change} null when the first layer's item rows are the trained ones.
     */
    BlockScorer(MeluModel model, Weights weights, Tensor userTerm, LowRankChange change) {
        List<Linear> layers = model.decisionLayers();
        this.userTerm = userTerm.floatStorage();
        this.change = change;
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
        this.overlap = change == null ? null : new float[change.support() * BLOCK];
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

    /** hidden[0] = ReLU(terms + (ratedRows cols)^T d + userTerm) for candidates [lo, lo + rows). */
    private void firstLayer(Candidates candidates, int lo, int rows) {
        int width = widths[0];
        float[] h = hidden[0];
        System.arraycopy(candidates.terms().floatStorage(), lo * width, h, 0, rows * width);
        if (change != null) {
            addChange(candidates.columns(), lo, rows, h);
        }
        for (int r = 0; r < rows; r++) {
            VectorMath.binary(BinaryOp.ADD, h, r * width, 1, userTerm, 0, 1, h, r * width, width);
        }
        VectorMath.unary(UnaryOp.RELU, h, 0, h, 0, rows * width);
    }

    /** h += (ratedRows columns[:, lo, lo + rows))^T d. */
    private void addChange(Tensor columns, int lo, int rows, float[] h) {
        int support = change.support();
        int itemDim = columns.dim(0);
        Gemm.sgemm(false, false, support, rows, itemDim, change.ratedRows().floatStorage(), 0, itemDim,
                columns.floatStorage(), lo, columns.dim(1), overlap, 0, rows, false);
        Gemm.sgemm(true, false, rows, widths[0], support, overlap, 0, rows, change.d().floatStorage(), 0,
                widths[0], h, 0, widths[0], true);
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
