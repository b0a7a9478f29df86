package dev.thaw.data.task;

import java.util.List;

/** The tasks of one outer (global) meta-update. */
public record MetaBatch(List<Task> tasks) {
    public MetaBatch {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a meta-batch needs at least one task");
        }
    }

    /** Number of tasks. */
    public int size() {
        return tasks.size();
    }
}
