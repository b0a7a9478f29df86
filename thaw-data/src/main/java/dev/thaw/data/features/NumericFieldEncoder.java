package dev.thaw.data.features;

/** Encodes a numeric (Double, NaN = missing) field as its quantile bucket. */
public record NumericFieldEncoder(NumericBuckets buckets) implements FieldEncoder {
    @Override
    public String field() {
        return buckets.field();
    }

    @Override
    public boolean multiValued() {
        return false;
    }

    @Override
    public int cardinality() {
        return buckets.size();
    }

    @Override
    public int[] encode(Object raw) {
        if (raw == null) {
            return new int[] {0};
        }
        if (raw instanceof Number number) {
            return new int[] {buckets.bucket(number.doubleValue())};
        }
        throw new IllegalArgumentException("field '" + field() + "' expects numbers, got "
                + raw.getClass().getSimpleName() + " " + raw);
    }
}
