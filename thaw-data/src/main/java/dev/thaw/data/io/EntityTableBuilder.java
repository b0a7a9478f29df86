package dev.thaw.data.io;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.IdMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects one feature row per entity id, refusing a repeated id. */
final class EntityTableBuilder {
    private final IdMap.Builder ids = IdMap.builder();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();

    /** Adds the row of an entity read at the current line of {@code source}. */
    void add(TextLines source, String id, Map<String, Object> row) {
        int known = ids.indexOf(id);
        if (known >= 0) {
            throw source.error(Problem.DUPLICATE_ID, "id '" + id + "' was already defined on line " + lines.get(known));
        }
        ids.add(id);
        rows.add(row);
        lines.add((int) source.lineNumber());
    }

    /** The ids added so far, in order; further ids may still be added to it. */
    IdMap.Builder ids() {
        return ids;
    }

    /** The rows as a feature table with the given schema. */
    FeatureTable table(List<FeatureTable.FeatureField> fields) {
        return new FeatureTable(fields, rows);
    }
}
