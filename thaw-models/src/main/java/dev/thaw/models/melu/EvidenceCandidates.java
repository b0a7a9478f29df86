package dev.thaw.models.melu;

import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Linear;
import dev.thaw.engine.nn.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * MeLU's evidence candidates: items that reveal a new user's taste fastest. For every support
 * rating of the given (training) users, the Frobenius norm of the gradient of that rating's
 * squared error with respect to the decision layers only (the parameters the local update moves)
 * at the meta-learned weights; per item, the mean over the users who rated it. Both that mean and
 * the item's popularity (number of those users who rated it) are min-max normalised to [0, 1], and
 * the score is their product.
 *
 * @param gradientNorm mean decision-layer gradient norm per item (0 for items nobody rated)
 * @param popularity   number of users who rated each item
 * @param score        normalised gradient norm x normalised popularity
 */
public record EvidenceCandidates(double[] gradientNorm, int[] popularity, double[] score) {
    /** Scores every item of a catalogue of {@code itemCount} items from the support sets of {@code tasks}. */
    public static EvidenceCandidates compute(MeluModel model, List<TaskBatch> tasks, int itemCount) {
        double[] normSum = new double[itemCount];
        int[] count = new int[itemCount];
        for (TaskBatch task : tasks) {
            if (task.support().size() == 0) {
                continue;
            }
            double[] norms;
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                norms = rowGradientNorms(model, model.features(Weights.current(), task.support()),
                        task.support().labels().toFloatArray());
            }
            int[] items = task.support().items();
            for (int r = 0; r < items.length; r++) {
                normSum[items[r]] += norms[r];
                count[items[r]]++;
            }
        }
        double[] norm = new double[itemCount];
        for (int i = 0; i < itemCount; i++) {
            norm[i] = count[i] == 0 ? 0 : normSum[i] / count[i];
        }
        double[] popularity = Arrays.stream(count).asDoubleStream().toArray();
        double[] a = minMax(norm);
        double[] b = minMax(popularity);
        double[] score = new double[itemCount];
        for (int i = 0; i < itemCount; i++) {
            score[i] = a[i] * b[i];
        }
        return new EvidenceCandidates(norm, count, score);
    }

    /**
     * Per input row x [S, D] with rating r, the Frobenius norm of the gradient of (prediction − r)²
     * with respect to the decision layers' weights and biases. For one row a layer's weight gradient
     * is the outer product of its input a and its output gradient δ, whose norm is |a|·|δ|, and its
     * bias gradient is δ, so one batched forward and backward pass give every row's norm:
     * sqrt(Σ_layers |δ|² (|a|² + 1)).
     */
    static double[] rowGradientNorms(MeluModel model, Tensor x, float[] ratings) {
        List<Linear> layers = model.decisionLayers();
        List<Tensor> inputs = new ArrayList<>();
        List<Tensor> preActivations = new ArrayList<>();
        Tensor h = x;
        for (Linear layer : layers) {
            inputs.add(h);
            Tensor z = layer.forward(Weights.current(), h);
            preActivations.add(z);
            h = Ops.relu(z);
        }
        float[] predicted = model.decide(Weights.current(), x).toFloatArray();
        float[] outputGradient = new float[ratings.length];
        for (int r = 0; r < ratings.length; r++) {
            outputGradient[r] = 2 * (predicted[r] - ratings[r]);
        }
        double[] squared = new double[ratings.length];
        Tensor delta = Tensor.of(outputGradient, ratings.length, 1);
        for (int l = layers.size() - 1; l >= 0; l--) {
            addRowNormProducts(squared, delta, inputs.get(l));
            if (l > 0) {
                Tensor w = Weights.current().get(layers.get(l).weight());
                delta = Ops.maskPositive(Ops.matmul(delta, w, false, true), preActivations.get(l - 1));
            }
        }
        return Arrays.stream(squared).map(Math::sqrt).toArray();
    }

    /** squared[r] += |delta_r|² (|input_r|² + 1). */
    private static void addRowNormProducts(double[] squared, Tensor delta, Tensor input) {
        double[] deltaNorms = rowSquaredNorms(delta);
        double[] inputNorms = rowSquaredNorms(input);
        for (int r = 0; r < squared.length; r++) {
            squared[r] += deltaNorms[r] * (inputNorms[r] + 1);
        }
    }

    private static double[] rowSquaredNorms(Tensor rows) {
        float[] v = rows.toFloatArray();
        int width = rows.dim(1);
        double[] out = new double[rows.dim(0)];
        for (int i = 0; i < v.length; i++) {
            out[i / width] += (double) v[i] * v[i];
        }
        return out;
    }

    /** The {@code k} items with the highest score (ties: lower index first). */
    public int[] top(int k) {
        return topBy(score, k);
    }

    /** The {@code k} most popular items (ties: lower index first). */
    public int[] mostPopular(int k) {
        return topBy(Arrays.stream(popularity).asDoubleStream().toArray(), k);
    }

    private static int[] topBy(double[] values, int k) {
        return IntStream.range(0, values.length).boxed()
                .sorted((a, b) -> Double.compare(values[b], values[a]))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static double[] minMax(double[] v) {
        double min = Arrays.stream(v).min().orElse(0);
        double max = Arrays.stream(v).max().orElse(0);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = max > min ? (v[i] - min) / (max - min) : 0;
        }
        return out;
    }
}
