package dev.thaw.data.features;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.IdMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Optional ID features: a categorical field holding each entity's raw id, for models that learn
 * per-entity embeddings (MeLU uses none). Encoded like any field, an id unseen in training maps to 0.
 */
public final class IdFeatures {
    /** Name of the id field. */
    public static final String FIELD = "id";

    private IdFeatures() {
    }

    /** {@code table} with an extra categorical {@value #FIELD} column of the raw ids of {@code ids}. */
    public static FeatureTable withIdField(FeatureTable table, IdMap ids) {
        if (table.rows().size() != ids.size()) {
            throw new IllegalArgumentException("feature table has " + table.rows().size() + " rows but there are "
                    + ids.size() + " ids");
        }
        if (table.fields().stream().anyMatch(f -> f.name().equals(FIELD))) {
            throw new IllegalArgumentException("feature table already has a field named '" + FIELD + "'");
        }
        List<FeatureTable.FeatureField> fields = new ArrayList<>(table.fields());
        fields.add(new FeatureTable.FeatureField(FIELD, FeatureTable.Kind.CATEGORICAL));
        List<Map<String, Object>> rows = new ArrayList<>(ids.size());
        for (int e = 0; e < ids.size(); e++) {
            Map<String, Object> row = new HashMap<>(table.rows().get(e));
            row.put(FIELD, ids.raw(e));
            rows.add(row);
        }
        return new FeatureTable(fields, rows);
    }

    /** A table whose only field is the raw id, for entities without side features. */
    public static FeatureTable idsOnly(IdMap ids) {
        List<Map<String, Object>> empty = new ArrayList<>(ids.size());
        for (int e = 0; e < ids.size(); e++) {
            empty.add(Map.of());
        }
        return withIdField(new FeatureTable(List.of(), empty), ids);
    }
}
