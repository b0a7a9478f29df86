package dev.thaw.models.melu;

import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.FieldEncoder;
import java.util.List;

/**
 * One generic feature field as the model sees it: its name, embedding table size and whether it
 * is multi-valued (mean-pooled).
 */
public record FieldSpec(String name, int cardinality, boolean multiValued) {
    public FieldSpec {
        if (name == null || name.isEmpty() || cardinality < 1) {
            throw new IllegalArgumentException("a field needs a name and cardinality >= 1, got '" + name + "' with "
                    + cardinality);
        }
    }

    /** The fields of encoded features, in column order. */
    public static List<FieldSpec> of(EncodedFeatures features) {
        return features.fields().stream().map(FieldSpec::of).toList();
    }

    /** The field of one fitted encoder. */
    public static FieldSpec of(FieldEncoder encoder) {
        return new FieldSpec(encoder.field(), encoder.cardinality(), encoder.multiValued());
    }
}
