package dev.thaw.eval;

import dev.thaw.data.Interactions;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.FeatureBatch;
import dev.thaw.models.Adaptation;
import dev.thaw.models.MetaModel;
import dev.thaw.models.RatingModel;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What a new item's first ratings say about it: per item, the mean residual of its evidence ratings
 * against a reference predictor, shrunk toward 0 like the user bias of the baselines,
 * {@code offset = Σ(rating − reference) / (count + shrinkage)}; 0 for items without evidence.
 * Adding it to a predictor's score is the item-side counterpart of the closed-form user offset: a
 * movie nobody has rated keeps the predictor's score, one that many users rated higher than the
 * predictor expected is moved up.
 */
public final class ItemOffsets {
    private final double[] offset;

    private ItemOffsets(double[] offset) {
        this.offset = offset;
    }

    /**
     * Offsets from {@code evidence} against {@code reference} (one prediction per evidence row).
     *
     * @throws IllegalArgumentException when the lengths differ, a value is not finite or the
     *                                  shrinkage is negative
     */
    public static ItemOffsets fit(Interactions evidence, float[] reference, double shrinkage) {
        if (reference.length != evidence.size()) {
            throw new IllegalArgumentException("reference predictions: " + reference.length + " for "
                    + evidence.size() + " evidence ratings");
        }
        if (!(shrinkage >= 0)) {
            throw new IllegalArgumentException("shrinkage must be >= 0, got " + shrinkage);
        }
        double[] sum = new double[evidence.items().size()];
        int[] count = new int[sum.length];
        for (int r = 0; r < evidence.size(); r++) {
            double residual = evidence.value(r) - reference[r];
            if (!Double.isFinite(residual)) {
                throw new IllegalArgumentException("evidence rating " + r + " (item " + evidence.items().raw(
                        evidence.item(r)) + ") has a non-finite residual: rating " + evidence.value(r)
                        + ", reference " + reference[r]);
            }
            sum[evidence.item(r)] += residual;
            count[evidence.item(r)]++;
        }
        double[] offset = new double[sum.length];
        for (int i = 0; i < offset.length; i++) {
            offset[i] = count[i] + shrinkage == 0 ? 0 : sum[i] / (count[i] + shrinkage);
        }
        return new ItemOffsets(offset);
    }

    /** Offsets against one constant prediction (e.g. the global mean) for every rating. */
    public static ItemOffsets fit(Interactions evidence, double reference, double shrinkage) {
        float[] constant = new float[evidence.size()];
        Arrays.fill(constant, (float) reference);
        return fit(evidence, constant, shrinkage);
    }

    /**
     * Offsets against {@code model}'s predictions without adaptation ({@code encoder} encodes the
     * evidence rows, {@value #PREDICTION_BLOCK} at a time).
     */
    public static ItemOffsets fit(Interactions evidence, RatingModel model, BatchEncoder encoder, double shrinkage) {
        float[] reference = new float[evidence.size()];
        for (int from = 0; from < reference.length; from += PREDICTION_BLOCK) {
            int to = Math.min(reference.length, from + PREDICTION_BLOCK);
            float[] block = Adaptation.predict(model, encoder.encode(evidence.select(IntStream.range(from, to)
                    .toArray())));
            System.arraycopy(block, 0, reference, from, block.length);
        }
        return fit(evidence, reference, shrinkage);
    }

    /** Evidence rows predicted at once, to bound the memory of the reference predictions. */
    static final int PREDICTION_BLOCK = 8192;

    /** The offset of a dense item index (0 for items beyond the evidence's id map). */
    public double offset(int item) {
        return item < offset.length ? offset[item] : 0;
    }

    /**
     * {@code model} with the offsets as part of every prediction: it adapts (when
     * {@code localUpdate} is on) to the support ratings minus their items' offsets, so the local
     * update and user offset learn only what the items' first ratings do not explain, and each
     * query prediction gets its item's offset back.
     */
    public TaskPredictor around(MetaModel model, boolean localUpdate) {
        return task -> {
            FeatureBatch support = task.support();
            float[] labels = support.labels().toFloatArray();
            int[] supportItems = support.items();
            for (int r = 0; r < labels.length; r++) {
                labels[r] -= (float) offset(supportItems[r]);
            }
            float[] out = Adaptation.predict(model, support.withLabels(labels), task.query(), localUpdate);
            int[] items = task.query().items();
            for (int q = 0; q < out.length; q++) {
                out[q] += (float) offset(items[q]);
            }
            return out;
        };
    }
}
