package dev.thaw.data.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * Quantile buckets of a numeric field fitted on training values. Bucket 0 means missing (NaN),
 * buckets 1..{@code boundaries.length + 1} cover the real line: a value v falls in bucket
 * {@code 1 + (number of boundaries <= v)}.
 */
public final class NumericBuckets {
    private final String field;
    private final double[] boundaries;

    /** Buckets with the given strictly increasing boundaries. */
    @JsonCreator
    public NumericBuckets(@JsonProperty("field") String field, @JsonProperty("boundaries") double[] boundaries) {
        for (int i = 1; i < boundaries.length; i++) {
            if (!(boundaries[i] > boundaries[i - 1])) {
                throw new IllegalArgumentException("field '" + field + "': bucket boundaries must increase strictly");
            }
        }
        this.field = field;
        this.boundaries = boundaries.clone();
    }

    /**
     * Fits at most {@code buckets} equal-frequency buckets on the non-NaN training values; repeated
     * quantiles merge, so heavily tied data yields fewer buckets.
     */
    public static NumericBuckets fit(String field, double[] trainingValues, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be >= 1, got " + buckets);
        }
        double[] sorted = Arrays.stream(trainingValues).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return new NumericBuckets(field, new double[0]);
        }
        double[] cuts = new double[buckets - 1];
        int n = 0;
        for (int k = 1; k < buckets; k++) {
            double cut = sorted[(int) ((long) k * sorted.length / buckets)];
            if (cut > sorted[0] && (n == 0 || cut > cuts[n - 1])) {
                cuts[n++] = cut;
            }
        }
        return new NumericBuckets(field, Arrays.copyOf(cuts, n));
    }

    /** The field these buckets encode. */
    @JsonProperty("field")
    public String field() {
        return field;
    }

    /** The bucket boundaries (a copy). */
    @JsonProperty("boundaries")
    public double[] boundaries() {
        return boundaries.clone();
    }

    /** Number of bucket indices including the missing-value bucket 0. */
    public int size() {
        return boundaries.length + 2;
    }

    /** The bucket of a value; 0 for NaN. */
    public int bucket(double value) {
        if (Double.isNaN(value)) {
            return 0;
        }
        int pos = Arrays.binarySearch(boundaries, value);
        int atOrBelow = pos >= 0 ? pos + 1 : -pos - 1;
        return 1 + atOrBelow;
    }
}
