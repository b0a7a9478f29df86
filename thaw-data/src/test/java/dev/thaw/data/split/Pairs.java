package dev.thaw.data.split;

import dev.thaw.data.Interactions;
import dev.thaw.data.task.Task;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** (user, item) pair keys of interaction rows, for leakage checks. */
final class Pairs {
    private Pairs() {
    }

    static Set<Long> of(Interactions rows) {
        Set<Long> out = new HashSet<>();
        for (int r = 0; r < rows.size(); r++) {
            out.add(HonestSplit.pair(rows.user(r), rows.item(r)));
        }
        return out;
    }

    static Set<Long> queries(List<Task> tasks) {
        Set<Long> out = new HashSet<>();
        tasks.forEach(t -> out.addAll(of(t.query())));
        return out;
    }

    static Set<Long> supports(List<Task> tasks) {
        Set<Long> out = new HashSet<>();
        tasks.forEach(t -> out.addAll(of(t.support())));
        return out;
    }
}
