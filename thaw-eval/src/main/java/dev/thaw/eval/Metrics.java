package dev.thaw.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Rating metrics as pure functions of predicted and actual values (same length, at least one).
 * nDCG ranks the items by predicted rating (ties: earlier item first) and uses gain
 * {@code 2^rating - 1} and discount {@code 1 / log2(rank + 1)}, normalised by the ideal ranking
 * (items sorted by actual rating).
 */
public final class Metrics {
    private Metrics() {
    }

    /** Mean absolute error. */
    public static double mae(float[] predicted, float[] actual) {
        check(predicted, actual);
        return absoluteErrorSum(predicted, actual) / actual.length;
    }

    /** Root mean squared error. */
    public static double rmse(float[] predicted, float[] actual) {
        check(predicted, actual);
        return Math.sqrt(squaredErrorSum(predicted, actual) / actual.length);
    }

    /** Sum of absolute errors (for pooling over tasks). */
    public static double absoluteErrorSum(float[] predicted, float[] actual) {
        check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs((double) predicted[i] - actual[i]);
        }
        return sum;
    }

    /** Sum of squared errors (for pooling over tasks). */
    public static double squaredErrorSum(float[] predicted, float[] actual) {
        check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) predicted[i] - actual[i];
            sum += d * d;
        }
        return sum;
    }

    /** How a rating becomes the gain of nDCG. */
    public enum Gain {
        /** {@code 2^rating - 1}, the usual graded-relevance gain (our reports' default). */
        EXPONENTIAL,
        /** The rating itself; MeLU's paper does not say which gain it used, and this one gives higher values. */
        LINEAR;

        double of(float rating) {
            return this == EXPONENTIAL ? Math.pow(2, rating) - 1 : rating;
        }
    }

    /** nDCG@k of the items ranked by predicted rating, exponential gain; 1 when every actual rating is 0. */
    public static double ndcg(float[] predicted, float[] actual, int k) {
        return ndcg(predicted, actual, k, Gain.EXPONENTIAL);
    }

    /** nDCG@k of the items ranked by predicted rating with the given gain; 1 when every actual rating is 0. */
    public static double ndcg(float[] predicted, float[] actual, int k, Gain gain) {
        check(predicted, actual);
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        double ideal = dcg(actual, ranking(actual), k, gain);
        return ideal == 0 ? 1 : dcg(actual, ranking(predicted), k, gain) / ideal;
    }

    private static Integer[] ranking(float[] scores) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
        return order;
    }

    private static double dcg(float[] actual, Integer[] order, int k, Gain gain) {
        double sum = 0;
        for (int r = 0; r < Math.min(k, order.length); r++) {
            sum += gain.of(actual[order[r]]) / (Math.log(r + 2) / Math.log(2));
        }
        return sum;
    }

    private static void check(float[] predicted, float[] actual) {
        if (predicted.length != actual.length || actual.length == 0) {
            throw new IllegalArgumentException("need equally many (>= 1) predicted and actual values, got "
                    + predicted.length + " and " + actual.length);
        }
    }
}
