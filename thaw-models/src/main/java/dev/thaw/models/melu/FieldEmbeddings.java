package dev.thaw.models.melu;

import dev.thaw.data.task.FieldInput;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Embedding;
import dev.thaw.engine.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/** Embedding a batch's feature fields: one table per field, multi-valued fields mean-pooled. */
public final class FieldEmbeddings {
    private FieldEmbeddings() {
    }

    /**
     * The field embeddings concatenated in field order, [B, sum of table dims]; {@code side}
     * ("user" or "item") names the fields in errors. Fails when the batch's fields are not the model's.
     */
    public static Tensor concat(Weights weights, List<FieldSpec> specs, List<Embedding> tables,
                                List<FieldInput> fields, String side) {
        List<Tensor> parts = parts(weights, specs, tables, fields, side);
        return parts.size() == 1 ? parts.get(0) : Ops.concat(parts, 1);
    }

    /** The field embeddings in field order, one [B, table dim] per field; checked as {@link #concat}. */
    public static List<Tensor> parts(Weights weights, List<FieldSpec> specs, List<Embedding> tables,
                                     List<FieldInput> fields, String side) {
        check(specs, fields, side);
        List<Tensor> parts = new ArrayList<>(specs.size());
        for (int f = 0; f < specs.size(); f++) {
            FieldInput input = fields.get(f);
            parts.add(specs.get(f).multiValued()
                    ? tables.get(f).pooled(weights, input.indices(), input.offsets(), input.meanWeights())
                    : tables.get(f).lookup(weights, input.indices()));
        }
        return parts;
    }

    /** Fails unless {@code fields} are the fields of {@code specs}, in order, with the same vocabularies. */
    public static void check(List<FieldSpec> specs, List<FieldInput> fields, String side) {
        if (fields.size() != specs.size()) {
            throw new IllegalArgumentException("model has " + side + " fields " + specs.stream().map(FieldSpec::name)
                    .toList() + " but the batch has " + fields.stream().map(FieldInput::name).toList());
        }
        for (int f = 0; f < specs.size(); f++) {
            FieldSpec spec = specs.get(f);
            FieldInput input = fields.get(f);
            if (!spec.name().equals(input.name()) || spec.cardinality() != input.cardinality()) {
                throw new IllegalArgumentException(side + " field " + f + " is '" + spec.name() + "' with "
                        + spec.cardinality() + " values in the model but '" + input.name() + "' with "
                        + input.cardinality() + " in the batch (encoded with other vocabularies?)");
            }
        }
    }
}
