package dev.thaw.data.task;

import dev.thaw.data.Interactions;

/**
 * A meta-learning episode for one entity: the support set a model adapts on and the disjoint
 * query set that judges the adapted model.
 *
 * @param kind    what the entity is
 * @param entity  dense user or item index, or a segment number
 * @param support rows to adapt on (may be empty for a pure zero-shot task)
 * @param query   rows to evaluate on
 */
public record Task(EntityKind kind, int entity, Interactions support, Interactions query) {
    public Task {
        if (support.users() != query.users() || support.items() != query.items()) {
            throw new IllegalArgumentException("support and query of task " + kind + " " + entity
                    + " must share the same id maps");
        }
    }

    /** Rows in support plus query. */
    public int size() {
        return support.size() + query.size();
    }
}
