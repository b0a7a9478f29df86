package dev.thaw.data.task;

import dev.thaw.data.Interactions;
import dev.thaw.data.Seeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * Builds tasks from an interaction log by grouping rows per entity and drawing each task's query
 * set at random. Each entity draws from its own stream derived from (seed, entity), so a task does
 * not change when other entities are added or removed. Tasks come in order of their entity's first
 * row in the log; within a task, rows are in shuffled order (support first, then the query set is
 * the last {@code querySize} of the shuffle, as in MeLU's data generation).
 */
public final class Tasks {
    private Tasks() {
    }

    /** One task per user accepted by the rule. */
    public static List<Task> byUser(Interactions rows, QuerySplitRule rule, long seed) {
        return group(rows, EntityKind.USER, rows.users().size(), rows::user, rule, seed);
    }

    /**
     * {@code tasks} with the support set of a seeded {@code share} of them cut to a random 1 to
     * {@code maxSize} of its rows (drawn without replacement; queries untouched), so that a
     * meta-learner also trains for users who have given only a handful of ratings. Tasks whose
     * support already has at most {@code maxSize} rows are kept as they are.
     */
    public static List<Task> withSmallSupports(List<Task> tasks, double share, int maxSize, long seed) {
        if (!(share >= 0 && share <= 1) || maxSize < 1) {
            throw new IllegalArgumentException("small-support share must lie in [0, 1] and maxSize be >= 1, got "
                    + share + " and " + maxSize);
        }
        SplittableRandom random = Seeds.derive(seed, Seeds.label("tasks/small-supports"));
        List<Task> out = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            boolean cut = random.nextDouble() < share;
            int size = 1 + random.nextInt(maxSize);
            int n = task.support().size();
            if (!cut || n <= size) {
                out.add(task);
                continue;
            }
            int[] rows = IntStream.range(0, n).toArray();
            Seeds.shuffle(rows, random);
            int[] kept = Arrays.copyOf(rows, size);
            Arrays.sort(kept);
            out.add(new Task(task.kind(), task.entity(), task.support().select(kept), task.query()));
        }
        return out;
    }

    /** One task per item accepted by the rule. */
    public static List<Task> byItem(Interactions rows, QuerySplitRule rule, long seed) {
        return group(rows, EntityKind.ITEM, rows.items().size(), rows::item, rule, seed);
    }

    /** One task per segment accepted by the rule; {@code segmentOfUser[u]} is user u's segment (>= 0). */
    public static List<Task> bySegment(Interactions rows, int[] segmentOfUser, QuerySplitRule rule, long seed) {
        if (segmentOfUser.length != rows.users().size()) {
            throw new IllegalArgumentException("segmentOfUser has " + segmentOfUser.length + " entries for "
                    + rows.users().size() + " users");
        }
        int segments = Arrays.stream(segmentOfUser).max().orElse(-1) + 1;
        if (Arrays.stream(segmentOfUser).anyMatch(s -> s < 0)) {
            throw new IllegalArgumentException("segment numbers must be >= 0");
        }
        return group(rows, EntityKind.SEGMENT, segments, r -> segmentOfUser[rows.user(r)], rule, seed);
    }

    private static List<Task> group(Interactions rows, EntityKind kind, int keys, IntUnaryOperator keyOfRow,
                                    QuerySplitRule rule, long seed) {
        int[] count = new int[keys];
        int[] order = new int[keys];
        int seen = 0;
        for (int r = 0; r < rows.size(); r++) {
            int key = keyOfRow.applyAsInt(r);
            if (count[key]++ == 0) {
                order[seen++] = key;
            }
        }
        int[] start = new int[keys + 1];
        for (int k = 0; k < keys; k++) {
            start[k + 1] = start[k] + count[k];
        }
        int[] fill = Arrays.copyOf(start, keys);
        int[] grouped = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            grouped[fill[keyOfRow.applyAsInt(r)]++] = r;
        }
        long salt = Seeds.label("tasks/" + kind);
        List<Task> tasks = new ArrayList<>();
        for (int s = 0; s < seen; s++) {
            int key = order[s];
            if (rule.accepts(count[key])) {
                int[] members = Arrays.copyOfRange(grouped, start[key], start[key + 1]);
                tasks.add(split(rows, kind, key, members, rule.querySize(), Seeds.derive(seed, salt, key)));
            }
        }
        return List.copyOf(tasks);
    }

    /** Shuffles {@code members} and makes its last {@code querySize} rows the query set. */
    private static Task split(Interactions rows, EntityKind kind, int entity, int[] members, int querySize,
                      SplittableRandom random) {
        Seeds.shuffle(members, random);
        int supportSize = members.length - querySize;
        return new Task(kind, entity, rows.select(Arrays.copyOf(members, supportSize)),
                rows.select(Arrays.copyOfRange(members, supportSize, members.length)));
    }
}
