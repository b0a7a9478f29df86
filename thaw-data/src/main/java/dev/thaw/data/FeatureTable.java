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
 * @param rows      rows.get(entityIndex).get(fieldName): a String, List&lt;String&gt; or Double.
 *                  Missing values: categorical absent from the row, multi-valued an empty list,
 *                  numeric NaN.
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

    /** Number of rows (entities). */
    public int size() {
        return rows.size();
    }

    /** A table with this table's columns followed by {@code other}'s, row by row; names must not clash. */
    public FeatureTable withColumnsOf(FeatureTable other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("row counts differ: " + size() + " and " + other.size());
        }
        List<FeatureField> all = new java.util.ArrayList<>(fields);
        for (FeatureField f : other.fields) {
            if (fields.stream().anyMatch(g -> g.name().equals(f.name()))) {
                throw new IllegalArgumentException("both tables have a field '" + f.name() + "'");
            }
            all.add(f);
        }
        List<Map<String, Object>> merged = new java.util.ArrayList<>(size());
        for (int r = 0; r < size(); r++) {
            Map<String, Object> row = new java.util.HashMap<>(rows.get(r));
            row.putAll(other.rows.get(r));
            merged.add(Map.copyOf(row));
        }
        return new FeatureTable(all, merged);
    }

    /** The field of a name, or an error naming it. */
    public FeatureField field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no feature field '" + name + "'"));
    }
}
