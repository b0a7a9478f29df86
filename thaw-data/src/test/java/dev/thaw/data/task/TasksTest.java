package dev.thaw.data.task;

import dev.thaw.data.Interactions;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TasksTest {
    private static final Interactions LOG = SyntheticGenerator.generate(SyntheticConfig.small(11)
            .withInteractionsPerUser(5, 120).withSize(400, 300)).dataset().interactions();

    @Test
    void userTasksFollowTheRule() {
        List<Task> tasks = Tasks.byUser(LOG, QuerySplitRule.MELU, 1);
        int[] perUser = new int[LOG.users().size()];
        for (int r = 0; r < LOG.size(); r++) {
            perUser[LOG.user(r)]++;
        }
        long eligible = IntStream.of(perUser).filter(n -> n >= 13 && n <= 100).count();
        assertEquals(eligible, tasks.size());
        assertTrue(eligible < LOG.users().size(), "the generated range 5..120 must exercise the filter");
        for (Task task : tasks) {
            assertEquals(EntityKind.USER, task.kind());
            assertEquals(10, task.query().size());
            assertEquals(perUser[task.entity()], task.size());
            Set<Integer> items = new HashSet<>();
            for (Interactions part : List.of(task.support(), task.query())) {
                for (int r = 0; r < part.size(); r++) {
                    assertEquals(task.entity(), part.user(r));
                    assertTrue(items.add(part.item(r)), "an item is in both support and query");
                }
            }
        }
    }

    @Test
    void tasksAreReproducibleAndIndependentOfOtherEntities() {
        Map<Integer, Set<Integer>> a = queries(Tasks.byUser(LOG, QuerySplitRule.MELU, 5));
        Map<Integer, Set<Integer>> b = queries(Tasks.byUser(LOG, QuerySplitRule.MELU, 5));
        Map<Integer, Set<Integer>> c = queries(Tasks.byUser(LOG, QuerySplitRule.MELU, 6));
        assertEquals(a, b);
        assertNotEquals(a, c);
        int[] evenUsersOnly = IntStream.range(0, LOG.size()).filter(r -> LOG.user(r) % 2 == 0).toArray();
        Map<Integer, Set<Integer>> even = queries(Tasks.byUser(LOG.select(evenUsersOnly), QuerySplitRule.MELU, 5));
        even.forEach((user, query) -> assertEquals(a.get(user), query, "user " + user));
    }

    @Test
    void itemAndSegmentTasksGroupByTheirKey() {
        List<Task> items = Tasks.byItem(LOG, new QuerySplitRule(20, 10_000, 5), 1);
        assertTrue(items.stream().allMatch(t -> t.kind() == EntityKind.ITEM && t.query().size() == 5));
        int[] segment = IntStream.range(0, LOG.users().size()).map(u -> u % 3).toArray();
        List<Task> segments = Tasks.bySegment(LOG, segment, new QuerySplitRule(11, 100_000, 10), 1);
        assertEquals(3, segments.size());
        assertEquals(LOG.size(), segments.stream().mapToInt(Task::size).sum());
        Task first = segments.get(0);
        for (int r = 0; r < first.support().size(); r++) {
            assertEquals(first.entity(), first.support().user(r) % 3);
        }
    }

    @Test
    void smallSupportsKeepAFewOfTheTaskOwnRowsAndTheWholeQuery() {
        List<Task> tasks = Tasks.byUser(LOG, QuerySplitRule.MELU, 3);
        List<Task> cut = Tasks.withSmallSupports(tasks, 0.5, 4, 7);
        assertEquals(tasks.size(), cut.size());
        int changed = 0;
        for (int t = 0; t < tasks.size(); t++) {
            Task before = tasks.get(t);
            Task after = cut.get(t);
            assertEquals(before.entity(), after.entity());
            assertEquals(before.query(), after.query(), "the query set is never touched");
            if (after.support().size() != before.support().size()) {
                changed++;
                assertTrue(after.support().size() >= 1 && after.support().size() <= 4, "cut to " + after.support().size());
                Set<Integer> rows = new java.util.HashSet<>();
                for (int r = 0; r < before.support().size(); r++) {
                    rows.add(before.support().item(r));
                }
                for (int r = 0; r < after.support().size(); r++) {
                    assertTrue(rows.contains(after.support().item(r)), "a kept row comes from the task's support");
                    assertEquals(before.entity(), after.support().user(r));
                }
            }
        }
        assertTrue(changed > tasks.size() / 4 && changed < 3 * tasks.size() / 4, changed + " of " + tasks.size() + " cut");
        assertEquals(tasks, Tasks.withSmallSupports(tasks, 0, 4, 7), "share 0 keeps every task");
        assertThrows(IllegalArgumentException.class, () -> Tasks.withSmallSupports(tasks, 1.5, 4, 7));
    }

    @Test
    void badRulesAreRejected() {
        assertEquals("minRows (10) must exceed querySize (10) so that every support set is non-empty",
                assertThrows(IllegalArgumentException.class, () -> new QuerySplitRule(10, 20, 10)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new QuerySplitRule(13, 12, 10));
        assertThrows(IllegalArgumentException.class, () -> Tasks.bySegment(LOG, new int[3], QuerySplitRule.MELU, 1));
    }

    @Test
    void metaBatchesCoverEveryTaskOncePerEpochReproducibly() {
        List<Task> tasks = Tasks.byUser(LOG, QuerySplitRule.MELU, 1);
        MetaBatchSampler sampler = new MetaBatchSampler(tasks, 32, 9);
        List<MetaBatch> epoch0 = sampler.epoch(0);
        assertEquals((tasks.size() + 31) / 32, epoch0.size());
        assertTrue(epoch0.subList(0, epoch0.size() - 1).stream().allMatch(b -> b.size() == 32));
        List<Task> seen = epoch0.stream().flatMap(b -> b.tasks().stream()).toList();
        assertEquals(Set.copyOf(tasks), Set.copyOf(seen));
        assertEquals(tasks.size(), seen.size());
        assertEquals(epoch0, new MetaBatchSampler(tasks, 32, 9).epoch(0));
        assertNotEquals(epoch0, sampler.epoch(1));
        assertThrows(IllegalArgumentException.class, () -> new MetaBatchSampler(tasks, 0, 9));
        assertThrows(IllegalArgumentException.class, () -> new MetaBatchSampler(List.of(), 4, 9));
    }

    private static Map<Integer, Set<Integer>> queries(List<Task> tasks) {
        return tasks.stream().collect(Collectors.toMap(Task::entity, t -> IntStream.range(0, t.query().size())
                .map(r -> t.query().item(r)).boxed().collect(Collectors.toSet()), (x, y) -> x, java.util.TreeMap::new));
    }

}
