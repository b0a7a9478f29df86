package dev.thaw.data.features;

import java.util.List;

/**
 * How a {@link FeatureEncoder} is fitted.
 *
 * @param minCount       a categorical value needs this many training occurrences to get its own index
 * @param numericBuckets maximum number of quantile buckets per numeric field
 * @param fields         the fields to encode, in this order; empty = every field of the table
 */
public record EncoderOptions(int minCount, int numericBuckets, List<String> fields) {
    /** Every field, min count 1, 10 numeric buckets. */
    public static final EncoderOptions DEFAULTS = new EncoderOptions(1, 10, List.of());

    public EncoderOptions {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
        }
        if (numericBuckets < 1) {
            throw new IllegalArgumentException("numericBuckets must be >= 1, got " + numericBuckets);
        }
        fields = List.copyOf(fields);
    }

    /** These options with another min count. */
    public EncoderOptions withMinCount(int count) {
        return new EncoderOptions(count, numericBuckets, fields);
    }

    /** These options with another numeric bucket count. */
    public EncoderOptions withNumericBuckets(int buckets) {
        return new EncoderOptions(minCount, buckets, fields);
    }

    /** These options restricted to the named fields, in this order. */
    public EncoderOptions withFields(String... names) {
        return new EncoderOptions(minCount, numericBuckets, List.of(names));
    }
}
