package dev.thaw.data.task;

import dev.thaw.engine.Tensor;

import java.util.Arrays;

/**
 * The encoded values of one feature field for the B rows of a batch, in the two layouts the
 * embedding ops take. Ragged: {@link #indices()} concatenated per row, row b owning positions
 * {@code offsets[b]..offsets[b+1]-1} ({@link #offsets()} has B+1 entries), with
 * {@link #meanWeights()} = 1/count so that a weighted bag sum is the mean. Padded:
 * {@link #padded()} is [B, L] row-major with L = {@link #maxLength()}, padding = index 0, and
 * {@link #mask()} marks real entries with 1. A single-valued field has L = 1 and
 * {@code indices()} holds exactly one index per row. Accessors return copies.
 */
public final class FieldInput {
    private final String name;
    private final boolean multiValued;
    private final int cardinality;
    private final int[] indices;
    private final int[] offsets;
    private final int maxLength;

    /** Field values of B rows given in the ragged layout ({@code offsets}: B+1 non-decreasing entries). */
    public FieldInput(String name, boolean multiValued, int cardinality, int[] indices, int[] offsets) {
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != indices.length) {
            throw new IllegalArgumentException("field '" + name + "': offsets must start at 0 and end at "
                    + indices.length);
        }
        int longest = 0;
        for (int b = 0; b + 1 < offsets.length; b++) {
            int length = offsets[b + 1] - offsets[b];
            if (length < 0) {
                throw new IllegalArgumentException("field '" + name + "': offsets decrease at row " + b);
            }
            longest = Math.max(longest, length);
        }
        this.name = name;
        this.multiValued = multiValued;
        this.cardinality = cardinality;
        this.indices = indices.clone();
        this.offsets = offsets.clone();
        this.maxLength = longest;
    }

    /** The field name. */
    public String name() {
        return name;
    }

    /** True for a multi-valued field (bags of indices). */
    public boolean multiValued() {
        return multiValued;
    }

    /** Number of rows the field's embedding table needs. */
    public int cardinality() {
        return cardinality;
    }

    /** Number of batch rows B. */
    public int batchSize() {
        return offsets.length - 1;
    }

    /** The longest bag in the batch, L. */
    public int maxLength() {
        return maxLength;
    }

    /** All indices, row after row. */
    public int[] indices() {
        return indices.clone();
    }

    /** Start of each row's indices, plus the total count at the end (B+1 entries). */
    public int[] offsets() {
        return offsets.clone();
    }

    /** Per index, 1 / (number of indices of its row): ragged mean pooling weights. */
    public float[] meanWeights() {
        float[] weights = new float[indices.length];
        for (int b = 0; b < batchSize(); b++) {
            float w = 1f / (offsets[b + 1] - offsets[b]);
            for (int k = offsets[b]; k < offsets[b + 1]; k++) {
                weights[k] = w;
            }
        }
        return weights;
    }

    /** Indices padded with 0 to [B, L], row-major. */
    public int[] padded() {
        int[] out = new int[batchSize() * maxLength];
        for (int b = 0; b < batchSize(); b++) {
            System.arraycopy(indices, offsets[b], out, b * maxLength, offsets[b + 1] - offsets[b]);
        }
        return out;
    }

    /** A float32 [B, L] tensor with 1 where {@link #padded()} holds a real index, 0 at padding. */
    public Tensor mask() {
        float[] mask = new float[batchSize() * maxLength];
        for (int b = 0; b < batchSize(); b++) {
            Arrays.fill(mask, b * maxLength, b * maxLength + offsets[b + 1] - offsets[b], 1f);
        }
        return Tensor.wrap(mask, batchSize(), maxLength);
    }
}
