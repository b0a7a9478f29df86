package dev.thaw.data.task;

import dev.thaw.engine.Tensor;

import java.util.List;

/**
 * B (user, item, value) rows turned into model inputs: the encoded user fields and item fields of
 * each row, the dense user and item indices (for bookkeeping, grouping and ID-aware models), and
 * the values as a float32 [B] tensor of labels (ratings, or 1/0 clicks).
 */
public final class FeatureBatch {
    private final List<FieldInput> userFields;
    private final List<FieldInput> itemFields;
    private final int[] users;
    private final int[] items;
    private final Tensor labels;

    FeatureBatch(List<FieldInput> userFields, List<FieldInput> itemFields, int[] users, int[] items, Tensor labels) {
        this.userFields = List.copyOf(userFields);
        this.itemFields = List.copyOf(itemFields);
        this.users = users;
        this.items = items;
        this.labels = labels;
    }

    /** Number of rows B. */
    public int size() {
        return users.length;
    }

    /** User feature fields, in encoder order. */
    public List<FieldInput> userFields() {
        return userFields;
    }

    /** Item feature fields, in encoder order. */
    public List<FieldInput> itemFields() {
        return itemFields;
    }

    /** The user field of a name, or an error naming it. */
    public FieldInput userField(String name) {
        return find(userFields, name, "user");
    }

    /** The item field of a name, or an error naming it. */
    public FieldInput itemField(String name) {
        return find(itemFields, name, "item");
    }

    /** Dense user index per row (a copy). */
    public int[] users() {
        return users.clone();
    }

    /** Dense item index per row (a copy). */
    public int[] items() {
        return items.clone();
    }

    /** The same rows with other values, one per row (e.g. ratings with a known part taken out). */
    public FeatureBatch withLabels(float[] values) {
        if (values.length != size()) {
            throw new IllegalArgumentException(values.length + " labels for a batch of " + size() + " rows");
        }
        return new FeatureBatch(userFields, itemFields, users, items, Tensor.wrap(values.clone(), values.length));
    }

    /** Values per row, float32 [B]. */
    public Tensor labels() {
        return labels;
    }

    private static FieldInput find(List<FieldInput> fields, String name, String side) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + side + " field '" + name + "'; fields are "
                        + fields.stream().map(FieldInput::name).toList()));
    }
}
