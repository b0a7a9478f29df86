package dev.thaw.data.features;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Encodes the raw value of one feature field into vocabulary indices (0 = unknown or missing).
 * A single-valued field yields exactly one index; a multi-valued field yields one index per value,
 * or the single index 0 for an empty or missing list, so that every bag has at least one member.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CategoricalFieldEncoder.class, name = "categorical"),
        @JsonSubTypes.Type(value = NumericFieldEncoder.class, name = "numeric")})
public sealed interface FieldEncoder permits CategoricalFieldEncoder, NumericFieldEncoder {
    /** The field name. */
    String field();

    /** True when an entity may have several indices in this field. */
    boolean multiValued();

    /** Number of distinct indices (embedding table rows), including 0. */
    int cardinality();

    /** The indices of a raw value as stored in a {@link dev.thaw.data.FeatureTable} row. */
    int[] encode(Object raw);
}
