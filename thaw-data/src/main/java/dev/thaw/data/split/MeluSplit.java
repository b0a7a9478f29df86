package dev.thaw.data.split;

import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import dev.thaw.data.Seeds;
import dev.thaw.data.io.MeluStates;
import dev.thaw.data.io.MeluStates.MovieRating;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.Task;
import dev.thaw.data.task.Tasks;

import java.util.Arrays;
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

    /** MeLU's four states read from its files, each as rows over the id maps of {@code ratings} (no timestamps). */
    public static Map<Scenario, Interactions> rowsOf(MeluStates states, Interactions ratings) {
        Map<Scenario, Interactions> rows = new EnumMap<>(Scenario.class);
        for (MeluStates.State state : MeluStates.State.values()) {
            rows.put(Scenario.valueOf(state.name()), rowsOf(states.users(state), ratings.users(), ratings.items()));
        }
        return rows;
    }

    private static Interactions rowsOf(Map<String, List<MovieRating>> users, IdMap userIds, IdMap itemIds) {
        int n = users.values().stream().mapToInt(List::size).sum();
        int[] user = new int[n];
        int[] item = new int[n];
        float[] value = new float[n];
        int r = 0;
        for (Map.Entry<String, List<MovieRating>> e : users.entrySet()) {
            int u = userIds.require(e.getKey(), "MeLU state user");
            for (MovieRating rating : e.getValue()) {
                user[r] = u;
                item[r] = itemIds.require(rating.movieId(), "MeLU state movie");
                value[r++] = rating.rating();
            }
        }
        long[] time = new long[n];
        Arrays.fill(time, Interactions.NO_TIMESTAMP);
        return new Interactions(userIds, itemIds, user, item, value, time);
    }

    /** The tasks of a scenario, in the state file's user order. */
    public List<Task> tasks(Scenario scenario) {
        return tasks.get(scenario);
    }
}
