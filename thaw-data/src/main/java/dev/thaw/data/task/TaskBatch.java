package dev.thaw.data.task;

/** A task with its support and query sets encoded as model inputs. */
public record TaskBatch(Task task, FeatureBatch support, FeatureBatch query) {
}
