package dev.thaw.data.task;

import dev.thaw.engine.Tensor;

import java.util.List;

/**
 * Item-id sequences as next-item training input: for each sequence s (dense item indices in
 * time order) the input is s[0..n-2] and the target at each position is the next item s[1..n-1].
 * Both are truncated to their last L positions and left-padded to [B, L]. Tokens are item index + 1,
 * so token 0 is padding (an embedding table needs items + 1 rows). {@link #mask()} marks real
 * positions; the last column holds each sequence's final prediction (for leave-last-out
 * evaluation, pass history + held-out item and read the last column).
 */
public final class SequenceBatch {
    /** The padding token. */
    public static final int PAD = 0;

    private final int batchSize;
    private final int length;
    private final int[] inputs;
    private final int[] targets;

    private SequenceBatch(int batchSize, int length, int[] inputs, int[] targets) {
        this.batchSize = batchSize;
        this.length = length;
        this.inputs = inputs;
        this.targets = targets;
    }

    /** Next-item inputs and targets of each sequence (each at least 2 items long), at most {@code maxLength} steps. */
    public static SequenceBatch nextItem(List<int[]> sequences, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
        }
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("no sequences");
        }
        int b = sequences.size();
        int[] inputs = new int[b * maxLength];
        int[] targets = new int[b * maxLength];
        for (int row = 0; row < b; row++) {
            int[] seq = sequences.get(row);
            if (seq.length < 2) {
                throw new IllegalArgumentException("sequence " + row + " has " + seq.length
                        + " item(s); next-item training needs at least 2");
            }
            int steps = Math.min(maxLength, seq.length - 1);
            int first = seq.length - 1 - steps;
            int pad = maxLength - steps;
            for (int t = 0; t < steps; t++) {
                inputs[row * maxLength + pad + t] = seq[first + t] + 1;
                targets[row * maxLength + pad + t] = seq[first + t + 1] + 1;
            }
        }
        return new SequenceBatch(b, maxLength, inputs, targets);
    }

    /** Number of sequences B. */
    public int batchSize() {
        return batchSize;
    }

    /** Steps per sequence L. */
    public int length() {
        return length;
    }

    /** Input tokens, [B, L] row-major (a copy). */
    public int[] inputs() {
        return inputs.clone();
    }

    /** Target tokens (next item at each position, {@link #PAD} at padding), [B, L] row-major (a copy). */
    public int[] targets() {
        return targets.clone();
    }

    /** Target token of the last position of each sequence, [B]. */
    public int[] lastTargets() {
        int[] out = new int[batchSize];
        for (int row = 0; row < batchSize; row++) {
            out[row] = targets[row * length + length - 1];
        }
        return out;
    }

    /** Float32 [B, L]: 1 at real positions, 0 at padding. */
    public Tensor mask() {
        float[] mask = new float[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            mask[k] = inputs[k] == PAD ? 0f : 1f;
        }
        return Tensor.wrap(mask, batchSize, length);
    }
}
