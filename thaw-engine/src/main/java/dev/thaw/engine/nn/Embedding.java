package dev.thaw.engine.nn;

import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import java.util.random.RandomGenerator;

/**
 * An embedding table [vocabulary, dim]: single-valued lookup, and pooled lookup of multi-valued
 * fields (ragged bags with per-entry weights, e.g. 1/bag size for mean pooling).
 */
public final class Embedding extends Module {
    private final Parameter table;

    /** A table initialised N(0, std^2). */
    public Embedding(int vocabulary, int dim, double std, RandomGenerator rng) {
        table = parameter("table", Init.normal(rng, std, vocabulary, dim));
    }

    /** The table parameter. */
    public Parameter table() {
        return table;
    }

    /** Rows for single-valued ids: [ids.length, dim]. */
    public Tensor lookup(Weights weights, int[] ids) {
        return Ops.gatherRows(weights.get(table), ids);
    }

    /** Weighted sums per bag: [bagOffsets.length - 1, dim]; see {@link NN#embeddingBag} (CSR offsets). */
    public Tensor pooled(Weights weights, int[] ids, int[] bagOffsets, float[] entryWeights) {
        return NN.embeddingBag(weights.get(table), ids, bagOffsets, entryWeights);
    }

    /** Mean of each bag's rows, CSR offsets (an empty bag gives zeros). */
    public Tensor mean(Weights weights, int[] ids, int[] bagOffsets) {
        float[] w = new float[ids.length];
        for (int k = 0; k + 1 < bagOffsets.length; k++) {
            java.util.Arrays.fill(w, bagOffsets[k], bagOffsets[k + 1], 1f / (bagOffsets[k + 1] - bagOffsets[k]));
        }
        return pooled(weights, ids, bagOffsets, w);
    }
}
