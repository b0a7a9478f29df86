package dev.thaw.eval.baseline;

import dev.thaw.data.Interactions;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.eval.ItemOffsets;
import dev.thaw.eval.TaskPredictor;
import dev.thaw.models.Adaptation;
import dev.thaw.models.MetaModel;
import dev.thaw.models.RatingModel;
import java.util.Arrays;

/** The predictors every cold-start figure is compared with, plus meta-learned models with and without adaptation. */
public final class Baselines {
    /** Prior weight of the shrunk support mean, in ratings: (n * mean + 5 * global) / (n + 5). */
    public static final double SHRINKAGE = 5;

    private Baselines() {
    }

    /** The mean training rating for every query row. */
    public static TaskPredictor globalMean(double globalMean) {
        return task -> filled(task, globalMean);
    }

    /** The mean of the user's support ratings (the global mean without support). */
    public static TaskPredictor supportMean(double globalMean) {
        return shrunkSupportMean(globalMean, 0);
    }

    /** The support mean shrunk toward the global mean with {@code prior} pseudo-ratings. */
    public static TaskPredictor shrunkSupportMean(double globalMean, double prior) {
        return task -> {
            float[] support = task.support().labels().toFloatArray();
            double sum = 0;
            for (float r : support) {
                sum += r;
            }
            double n = support.length;
            return filled(task, n + prior == 0 ? globalMean : (sum + prior * globalMean) / (n + prior));
        };
    }

    /** Each query item's mean training rating (the global mean for items without training ratings). */
    public static TaskPredictor itemMean(Interactions training, double globalMean) {
        double[] itemBias = itemBiases(training, globalMean);
        return task -> {
            int[] items = task.query().items();
            float[] out = new float[items.length];
            for (int i = 0; i < items.length; i++) {
                out[i] = (float) (globalMean + bias(itemBias, items[i]));
            }
            return out;
        };
    }

    /**
     * Global mean + item bias + the user's bias: item bias = item's mean training rating minus the
     * global mean (0 for items without training ratings); user bias = the mean over the support of
     * (rating - global - item bias), shrunk toward 0 with {@link #SHRINKAGE} pseudo-ratings.
     */
    public static TaskPredictor userAndItemBias(Interactions training, double globalMean) {
        return userAndItemBias(itemBiases(training, globalMean), globalMean);
    }

    /**
     * {@link #userAndItemBias(Interactions, double)} where an item without training ratings takes its
     * bias from its first ratings, {@code newItems} (fitted against the global mean), instead of 0.
     */
    public static TaskPredictor userAndItemBias(Interactions training, double globalMean, ItemOffsets newItems) {
        double[] itemBias = itemBiases(training, globalMean);
        boolean[] trained = new boolean[itemBias.length];
        for (int r = 0; r < training.size(); r++) {
            trained[training.item(r)] = true;
        }
        for (int i = 0; i < itemBias.length; i++) {
            if (!trained[i]) {
                itemBias[i] = newItems.offset(i);
            }
        }
        return userAndItemBias(itemBias, globalMean);
    }

    private static TaskPredictor userAndItemBias(double[] itemBias, double globalMean) {
        return task -> {
            float[] support = task.support().labels().toFloatArray();
            int[] supportItems = task.support().items();
            double residual = 0;
            for (int r = 0; r < support.length; r++) {
                residual += support[r] - globalMean - bias(itemBias, supportItems[r]);
            }
            double userBias = residual / (support.length + SHRINKAGE);
            int[] items = task.query().items();
            float[] out = new float[items.length];
            for (int i = 0; i < items.length; i++) {
                out[i] = (float) (globalMean + bias(itemBias, items[i]) + userBias);
            }
            return out;
        };
    }

    private static double[] itemBiases(Interactions training, double globalMean) {
        double[] sum = new double[training.items().size()];
        int[] count = new int[sum.length];
        for (int r = 0; r < training.size(); r++) {
            sum[training.item(r)] += training.value(r);
            count[training.item(r)]++;
        }
        double[] bias = new double[sum.length];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = count[i] == 0 ? 0 : sum[i] / count[i] - globalMean;
        }
        return bias;
    }

    private static double bias(double[] itemBias, int item) {
        return item < itemBias.length ? itemBias[item] : 0;
    }

    /** A meta-trained model's prediction after its local update on the support set, or without it. */
    public static TaskPredictor metaModel(MetaModel model, boolean localUpdate) {
        return task -> Adaptation.predict(model, task.support(), task.query(), localUpdate);
    }

    /** A normally trained model's prediction; it never sees the support set. */
    public static TaskPredictor withoutAdaptation(RatingModel model) {
        return task -> Adaptation.predict(model, task.query());
    }

    /** The mean of all values of a log. */
    public static double mean(Interactions rows) {
        if (rows.size() == 0) {
            throw new IllegalArgumentException("no ratings to average");
        }
        double sum = 0;
        for (int r = 0; r < rows.size(); r++) {
            sum += rows.value(r);
        }
        return sum / rows.size();
    }

    private static float[] filled(TaskBatch task, double value) {
        float[] out = new float[task.query().size()];
        Arrays.fill(out, (float) value);
        return out;
    }
}
