package dev.thaw.models.retrieval.twotower;

import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.FieldInput;
import dev.thaw.models.melu.FieldSpec;
import java.util.List;

/**
 * The encoded side features the towers read, rows indexed like the interactions' users and items;
 * either side may have none (null), and the tower then relies on ID embeddings and history.
 *
 * @param users encoded user features, or null
 * @param items encoded item features, or null
 */
public record TowerFeatures(EncodedFeatures users, EncodedFeatures items) {
    /** No side features at all. */
    public static TowerFeatures none() {
        return new TowerFeatures(null, null);
    }

    /** The user fields, in column order (empty without user features). */
    public List<FieldSpec> userFields() {
        return users == null ? List.of() : FieldSpec.of(users);
    }

    /** The item fields, in column order (empty without item features). */
    public List<FieldSpec> itemFields() {
        return items == null ? List.of() : FieldSpec.of(items);
    }

    /** The encoded fields of these users. */
    public List<FieldInput> userInputs(int[] userRows) {
        return users == null ? List.of() : BatchEncoder.fieldInputs(users, userRows);
    }

    /** The encoded fields of these items. */
    public List<FieldInput> itemInputs(int[] itemRows) {
        return items == null ? List.of() : BatchEncoder.fieldInputs(items, itemRows);
    }
}
