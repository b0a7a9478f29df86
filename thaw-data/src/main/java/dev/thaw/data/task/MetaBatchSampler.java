package dev.thaw.data.task;

import dev.thaw.data.Seeds;

import java.util.ArrayList;
import java.util.List;

/**
 * Seeded meta-batches over a fixed list of tasks. An epoch is a fresh permutation of all tasks cut
 * into batches of {@code batchSize} (the last one may be smaller); epoch e of a sampler with seed s
 * is always the same.
 */
public final class MetaBatchSampler {
    private static final long EPOCH_SALT = Seeds.label("meta-batch/epoch");

    private final List<Task> tasks;
    private final int batchSize;
    private final long seed;

    /** A sampler over {@code tasks} (non-empty) with {@code batchSize} >= 1. */
    public MetaBatchSampler(List<Task> tasks, int batchSize, long seed) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no tasks to sample from");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.tasks = List.copyOf(tasks);
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Number of batches per epoch. */
    public int batchesPerEpoch() {
        return (tasks.size() + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch} (>= 0), covering every task exactly once. */
    public List<MetaBatch> epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        int[] order = new int[tasks.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Seeds.shuffle(order, Seeds.derive(seed, EPOCH_SALT, epoch));
        List<MetaBatch> batches = new ArrayList<>(batchesPerEpoch());
        for (int from = 0; from < order.length; from += batchSize) {
            List<Task> batch = new ArrayList<>(batchSize);
            for (int k = from; k < Math.min(order.length, from + batchSize); k++) {
                batch.add(tasks.get(order[k]));
            }
            batches.add(new MetaBatch(batch));
        }
        return batches;
    }
}
