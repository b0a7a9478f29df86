package dev.thaw.data.task;

import dev.thaw.data.Interactions;
import dev.thaw.data.Seeds;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.FieldEncoder;
import dev.thaw.engine.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns interaction rows, tasks and meta-batches into {@link FeatureBatch}es, looking up each row's
 * user and item in encoded feature tables (use {@link dev.thaw.data.features.IdFeatures} for
 * entities without side features).
 */
public final class BatchEncoder {
    private static final long SHUFFLE_SALT = Seeds.label("batches/shuffle");

    private final EncodedFeatures userFeatures;
    private final EncodedFeatures itemFeatures;

    /** An encoder over encoded user and item rows, indexed like the interactions' id maps. */
    public BatchEncoder(EncodedFeatures userFeatures, EncodedFeatures itemFeatures) {
        this.userFeatures = userFeatures;
        this.itemFeatures = itemFeatures;
    }

    /** The rows as one batch, in their order. */
    public FeatureBatch encode(Interactions rows) {
        if (rows.users().size() > userFeatures.entityCount() || rows.items().size() > itemFeatures.entityCount()) {
            throw new IllegalArgumentException("interactions have " + rows.users().size() + " users / "
                    + rows.items().size() + " items but the encoded features cover " + userFeatures.entityCount()
                    + " / " + itemFeatures.entityCount());
        }
        int n = rows.size();
        int[] users = new int[n];
        int[] items = new int[n];
        float[] labels = new float[n];
        for (int r = 0; r < n; r++) {
            users[r] = rows.user(r);
            items[r] = rows.item(r);
            labels[r] = rows.value(r);
        }
        return new FeatureBatch(fieldInputs(userFeatures, users), fieldInputs(itemFeatures, items), users, items,
                Tensor.wrap(labels, n));
    }

    /** A task's support and query sets, each as one (ragged-size) batch. */
    public TaskBatch encode(Task task) {
        return new TaskBatch(task, encode(task.support()), encode(task.query()));
    }

    /** Every task of a meta-batch; batch sizes differ per task. */
    public List<TaskBatch> encode(MetaBatch batch) {
        return batch.tasks().stream().map(this::encode).toList();
    }

    /**
     * The rows shuffled (seeded) and cut into batches of exactly {@code batchSize} rows; the last
     * batch holds the remainder and is smaller when the row count is not a multiple.
     */
    public List<FeatureBatch> shuffledBatches(Interactions rows, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        int[] order = new int[rows.size()];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        Seeds.shuffle(order, Seeds.derive(seed, SHUFFLE_SALT));
        List<FeatureBatch> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int[] part = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            batches.add(encode(rows.select(part)));
        }
        return batches;
    }

    /** The encoded fields of the given entities (one row each, in order), e.g. to score candidate items. */
    public static List<FieldInput> fieldInputs(EncodedFeatures features, int[] entities) {
        List<FieldInput> inputs = new ArrayList<>(features.fields().size());
        for (int f = 0; f < features.fields().size(); f++) {
            FieldEncoder encoder = features.fields().get(f);
            int[] offsets = new int[entities.length + 1];
            for (int b = 0; b < entities.length; b++) {
                offsets[b + 1] = offsets[b] + features.count(f, entities[b]);
            }
            int[] indices = new int[offsets[entities.length]];
            for (int b = 0; b < entities.length; b++) {
                features.copyIndices(f, entities[b], indices, offsets[b]);
            }
            inputs.add(new FieldInput(encoder.field(), encoder.multiValued(), encoder.cardinality(), indices, offsets));
        }
        return inputs;
    }
}
