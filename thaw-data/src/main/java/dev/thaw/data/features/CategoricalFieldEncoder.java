package dev.thaw.data.features;

import java.util.List;

/** Encodes a categorical (String) or multi-valued (List of String) field through a training vocabulary. */
public record CategoricalFieldEncoder(Vocabulary vocabulary, boolean multiValued) implements FieldEncoder {
    @Override
    public String field() {
        return vocabulary.field();
    }

    @Override
    public int cardinality() {
        return vocabulary.size();
    }

    @Override
    public int[] encode(Object raw) {
        if (raw == null) {
            return new int[] {Vocabulary.OOV};
        }
        if (raw instanceof String value) {
            return new int[] {vocabulary.indexOf(value)};
        }
        if (raw instanceof List<?> list) {
            if (!multiValued) {
                throw new IllegalArgumentException("field '" + field() + "' is single-valued but got a list " + list);
            }
            if (list.isEmpty()) {
                return new int[] {Vocabulary.OOV};
            }
            int[] out = new int[list.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = vocabulary.indexOf((String) list.get(k));
            }
            return out;
        }
        throw new IllegalArgumentException("field '" + field() + "' expects text values, got "
                + raw.getClass().getSimpleName() + " " + raw);
    }
}
