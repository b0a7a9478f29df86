package dev.thaw.eval;

import dev.thaw.data.task.TaskBatch;

/**
 * Predicts a task's query ratings from its support set (and whatever it was built with). Must be
 * thread-safe: the evaluation calls it from several threads.
 */
@FunctionalInterface
public interface TaskPredictor {
    /** One predicted rating per query row, in query order. */
    float[] predictQuery(TaskBatch task);
}
