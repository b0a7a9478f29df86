package dev.thaw.data;

import java.util.List;
import java.util.Map;

/**
 * Raw (not yet encoded) side features of users or items, one row per dense entity index of an
 * {@link IdMap}. Categorical values are strings, multi-valued ones string lists, numeric ones
 * doubles (NaN = missing). Encoding into vocabulary indices happens in the features package, on
 * training data only.
 *
 * @param fields    the schema, in column order
 * @param rows      rows.get(entityIndex).get(fieldName): a String, List&lt;String&gt; or Double
 */
public record FeatureTable(List<FeatureField> fields, List<Map<String, Object>> rows) {
    /** Kind of a feature column. */
    public enum Kind { CATEGORICAL, MULTI, NUMERIC }

    /** One column of a feature table. */
    public record FeatureField(String name, Kind kind) {
    }

    public FeatureTable {
        fields = List.copyOf(fields);
        rows = List.copyOf(rows);
    }

    /** The field of a name, or an error naming it. */
    public FeatureField field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no feature field '" + name + "'"));
    }
}
