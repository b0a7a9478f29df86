package dev.thaw.models.retrieval.softmax;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws negative items with replacement from a fixed distribution Q over the corpus and reports
 * log Q(item) for the logQ correction: uniform, or proportional to {@code count^exponent}
 * (word2vec's 0.75 flattens the head; 1 is the empirical item frequency).
 */
public final class NegativeSampler {
    private final double[] cumulative;
    private final double[] logQ;

    private NegativeSampler(double[] weights) {
        double total = Arrays.stream(weights).sum();
        if (!(total > 0)) {
            throw new IllegalArgumentException("negative sampling needs at least one item with positive weight");
        }
        cumulative = new double[weights.length];
        logQ = new double[weights.length];
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            running += weights[i];
            cumulative[i] = running / total;
            logQ[i] = Math.log(weights[i] / total);
        }
        int last = weights.length - 1;
        while (weights[last] == 0) {
            last--;
        }
        Arrays.fill(cumulative, last, weights.length, 1.0); // no rounding gap after the last drawable item
    }

    /** Every one of {@code items} items equally likely. */
    public static NegativeSampler uniform(int items) {
        double[] weights = new double[items];
        Arrays.fill(weights, 1);
        return new NegativeSampler(weights);
    }

    /** Q(i) proportional to {@code weights[i]} (>= 0, not all 0). */
    public static NegativeSampler proportional(double[] weights) {
        if (Arrays.stream(weights).anyMatch(w -> !(w >= 0) || Double.isInfinite(w))) {
            throw new IllegalArgumentException("sampling weights must be finite and >= 0");
        }
        return new NegativeSampler(weights.clone());
    }

    /** Q(i) proportional to {@code counts[i]^exponent} (exponent in (0, 1]); items with count 0 are never drawn. */
    public static NegativeSampler popularity(int[] counts, double exponent) {
        if (!(exponent > 0 && exponent <= 1)) {
            throw new IllegalArgumentException("popularity exponent must lie in (0, 1], got " + exponent);
        }
        return proportional(Arrays.stream(counts).mapToDouble(c -> c <= 0 ? 0 : Math.pow(c, exponent)).toArray());
    }

    /** Number of items of the corpus. */
    public int itemCount() {
        return cumulative.length;
    }

    /** log Q(item): the log probability of drawing the item in one draw (-Infinity if never drawn). */
    public double logQ(int item) {
        return logQ[item];
    }

    /** {@code count} independent draws. */
    public int[] sample(int count, SplittableRandom random) {
        int[] out = new int[count];
        for (int k = 0; k < count; k++) {
            out[k] = firstAbove(random.nextDouble());
        }
        return out;
    }

    /** The smallest item whose cumulative probability exceeds u (zero-weight items never qualify). */
    private int firstAbove(double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
