package dev.thaw.data.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thaw.data.FeatureTable;
import dev.thaw.data.FeatureTable.FeatureField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns raw feature tables into vocabulary indices. Fitted on the rows of <em>training</em>
 * entities only: values that appear only on validation or test entities get index 0, so no test
 * vocabulary leaks into a model. Serialises to JSON for checkpoints.
 */
public final class FeatureEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<FieldEncoder> fields;

    /** An encoder over fitted field encoders (as read back from JSON). */
    @JsonCreator
    public FeatureEncoder(@JsonProperty("fields") List<FieldEncoder> fields) {
        this.fields = List.copyOf(fields);
    }

    /**
     * Fits one field encoder per selected field on the rows {@code trainingEntities} of {@code table}:
     * categorical and multi-valued fields get a {@link Vocabulary}, numeric fields quantile buckets.
     */
    public static FeatureEncoder fit(FeatureTable table, int[] trainingEntities, EncoderOptions options) {
        List<FeatureField> selected = options.fields().isEmpty() ? table.fields()
                : options.fields().stream().map(table::field).toList();
        List<FieldEncoder> fitted = new ArrayList<>(selected.size());
        for (FeatureField field : selected) {
            fitted.add(fitField(table, field, trainingEntities, options));
        }
        return new FeatureEncoder(fitted);
    }

    private static FieldEncoder fitField(FeatureTable table, FeatureField field, int[] entities, EncoderOptions options) {
        String name = field.name();
        if (field.kind() == FeatureTable.Kind.NUMERIC) {
            double[] values = new double[entities.length];
            for (int k = 0; k < entities.length; k++) {
                Object raw = row(table, entities[k]).get(name);
                values[k] = raw == null ? Double.NaN : ((Number) raw).doubleValue();
            }
            return new NumericFieldEncoder(NumericBuckets.fit(name, values, options.numericBuckets()));
        }
        List<String> values = new ArrayList<>();
        for (int entity : entities) {
            Object raw = row(table, entity).get(name);
            if (raw instanceof String s) {
                values.add(s);
            } else if (raw instanceof List<?> list) {
                list.forEach(v -> values.add((String) v));
            }
        }
        Vocabulary vocabulary = Vocabulary.fit(name, values, options.minCount());
        return new CategoricalFieldEncoder(vocabulary, field.kind() == FeatureTable.Kind.MULTI);
    }

    private static Map<String, Object> row(FeatureTable table, int entity) {
        if (entity < 0 || entity >= table.rows().size()) {
            throw new IllegalArgumentException("training entity " + entity + " outside the feature table's 0.."
                    + (table.rows().size() - 1));
        }
        return table.rows().get(entity);
    }

    /** The fitted field encoders, in column order. */
    @JsonProperty("fields")
    public List<FieldEncoder> fields() {
        return fields;
    }

    /** Encodes every row of a table that has (at least) this encoder's fields. */
    public EncodedFeatures encode(FeatureTable table) {
        int n = table.rows().size();
        int[][] offsets = new int[fields.size()][];
        int[][] indices = new int[fields.size()][];
        for (int f = 0; f < fields.size(); f++) {
            FieldEncoder encoder = fields.get(f);
            table.field(encoder.field()); // fails with the field's name when the table lacks it
            int[] off = new int[n + 1];
            int[] buf = new int[Math.max(16, n)];
            for (int e = 0; e < n; e++) {
                int[] codes = encoder.encode(table.rows().get(e).get(encoder.field()));
                if (off[e] + codes.length > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, off[e] + codes.length));
                }
                System.arraycopy(codes, 0, buf, off[e], codes.length);
                off[e + 1] = off[e] + codes.length;
            }
            offsets[f] = off;
            indices[f] = Arrays.copyOf(buf, off[n]);
        }
        return new EncodedFeatures(fields, n, offsets, indices);
    }

    /** This encoder as JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write feature encoder as JSON", e);
        }
    }

    /** An encoder read back from {@link #toJson()}. */
    public static FeatureEncoder fromJson(String json) {
        try {
            return JSON.readValue(json, FeatureEncoder.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a feature encoder JSON: " + e.getOriginalMessage(), e);
        }
    }
}
