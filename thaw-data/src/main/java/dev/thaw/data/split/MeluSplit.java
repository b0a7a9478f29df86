package dev.thaw.data.split;

import dev.thaw.data.Interactions;
import dev.thaw.data.Seeds;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.Task;
import dev.thaw.data.task.Tasks;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * MeLU's protocol, as in its {@code data_generation.py}: for each of the four state files, every
 * user with 13 to 100 ratings in that state is a task whose query set is 10 of those ratings drawn
 * at random (seeded) and whose support set is the rest. Warm tasks are the training tasks; the
 * three cold states are evaluated. Note that MeLU's "warm" evaluation therefore reuses training
 * tasks; {@link HonestSplit} fixes this.
 */
public final class MeluSplit {
    private final Map<Scenario, List<Task>> tasks;

    private MeluSplit(Map<Scenario, List<Task>> tasks) {
        this.tasks = tasks;
    }

    /**
     * Builds the tasks of every state. {@code states} holds each state's (user, movie, rating) rows
     * in file order (users in key order, each user's list in its order), all over the same id maps.
     */
    public static MeluSplit build(Map<Scenario, Interactions> states, QuerySplitRule rule, long seed) {
        Map<Scenario, List<Task>> tasks = new EnumMap<>(Scenario.class);
        for (Scenario scenario : Scenario.values()) {
            Interactions rows = states.get(scenario);
            if (rows == null) {
                throw new IllegalArgumentException("no rows for MeLU state " + scenario);
            }
            long stateSeed = Seeds.derive(seed, Seeds.label("melu/" + scenario)).nextLong();
            tasks.put(scenario, Tasks.byUser(rows, rule, stateSeed));
        }
        return new MeluSplit(tasks);
    }

    /** The tasks of a scenario, in the state file's user order. */
    public List<Task> tasks(Scenario scenario) {
        return tasks.get(scenario);
    }
}
