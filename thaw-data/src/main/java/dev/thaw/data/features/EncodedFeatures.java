package dev.thaw.data.features;

import java.util.List;

/**
 * Encoded feature rows of every entity (user or item): per field, a compressed list of
 * vocabulary indices per entity (exactly one for single-valued fields, at least one for
 * multi-valued fields). Immutable.
 */
public final class EncodedFeatures {
    private final List<FieldEncoder> fields;
    private final int entityCount;
    private final int[][] offsets;
    private final int[][] indices;

    EncodedFeatures(List<FieldEncoder> fields, int entityCount, int[][] offsets, int[][] indices) {
        this.fields = List.copyOf(fields);
        this.entityCount = entityCount;
        this.offsets = offsets;
        this.indices = indices;
    }

    /** Number of entity rows. */
    public int entityCount() {
        return entityCount;
    }

    /** The field encoders, in column order. */
    public List<FieldEncoder> fields() {
        return fields;
    }

    /** The column of a field name, or an error naming it. */
    public int fieldIndex(String name) {
        for (int f = 0; f < fields.size(); f++) {
            if (fields.get(f).field().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no encoded field '" + name + "'; fields are "
                + fields.stream().map(FieldEncoder::field).toList());
    }

    /** Number of indices an entity has in a field. */
    public int count(int field, int entity) {
        checkEntity(entity);
        return offsets[field][entity + 1] - offsets[field][entity];
    }

    /** The indices of an entity in a field (a copy). */
    public int[] indices(int field, int entity) {
        int[] out = new int[count(field, entity)];
        copyIndices(field, entity, out, 0);
        return out;
    }

    /** Copies the indices of an entity in a field into {@code dest} at {@code pos}; returns how many. */
    public int copyIndices(int field, int entity, int[] dest, int pos) {
        int n = count(field, entity);
        System.arraycopy(indices[field], offsets[field][entity], dest, pos, n);
        return n;
    }

    private void checkEntity(int entity) {
        if (entity < 0 || entity >= entityCount) {
            throw new IllegalArgumentException("entity " + entity + " outside 0.." + (entityCount - 1));
        }
    }
}
