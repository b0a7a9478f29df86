package dev.thaw.models.melu;

import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
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
        List<Parameter> local = model.localParameters();
        List<Tensor> weights = local.stream().map(Parameter::value).toList();
        for (TaskBatch task : tasks) {
            if (task.support().size() == 0) {
                continue;
            }
            Tensor x;
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                x = model.features(Weights.current(), task.support());
            }
            float[] ratings = task.support().labels().toFloatArray();
            int[] items = task.support().items();
            for (int r = 0; r < items.length; r++) {
                Tensor error = NN.mse(model.decide(Weights.current(), Ops.slice(x, 0, r, 1)),
                        Tensor.of(new float[] {ratings[r]}, 1));
                double squared = 0;
                for (Tensor g : Autograd.grad(error, weights, false)) {
                    for (int i = 0; i < g.size(); i++) {
                        squared += g.get(i) * g.get(i);
                    }
                }
                normSum[items[r]] += Math.sqrt(squared);
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
