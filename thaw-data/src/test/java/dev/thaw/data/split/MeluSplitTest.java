package dev.thaw.data.split;

import dev.thaw.data.Interactions;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.Task;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MeluSplitTest {
    /** Four synthetic "state files": users with index % 5 == 0 are cold, items with index % 4 == 0 are new. */
    static Map<Scenario, Interactions> states(Interactions log) {
        Map<Scenario, Interactions> states = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            states.put(s, log.select(IntStream.range(0, log.size())
                    .filter(r -> Scenario.of(log.user(r) % 5 == 0, log.item(r) % 4 == 0) == s).toArray()));
        }
        return states;
    }

    @Test
    void everyStateGetsItsFilteredTasksReproducibly() {
        Map<Scenario, Interactions> states = states(HonestSplitTest.LOG);
        MeluSplit split = MeluSplit.build(states, QuerySplitRule.MELU, 7);
        for (Scenario s : Scenario.values()) {
            Interactions rows = states.get(s);
            int[] perUser = new int[rows.users().size()];
            IntStream.range(0, rows.size()).forEach(r -> perUser[rows.user(r)]++);
            long eligible = IntStream.of(perUser).filter(n -> n >= 13 && n <= 100).count();
            List<Task> tasks = split.tasks(s);
            assertEquals(eligible, tasks.size(), s.name());
            tasks.forEach(t -> assertEquals(perUser[t.entity()], t.size()));
            tasks.forEach(t -> assertEquals(10, t.query().size()));
        }
        MeluSplit again = MeluSplit.build(states, QuerySplitRule.MELU, 7);
        MeluSplit other = MeluSplit.build(states, QuerySplitRule.MELU, 8);
        assertEquals(Pairs.queries(split.tasks(Scenario.WARM)), Pairs.queries(again.tasks(Scenario.WARM)));
        assertNotEquals(Pairs.queries(split.tasks(Scenario.WARM)), Pairs.queries(other.tasks(Scenario.WARM)));
    }

    @Test
    void aMissingStateIsNamed() {
        Map<Scenario, Interactions> states = states(HonestSplitTest.LOG);
        states.remove(Scenario.ITEM_COLD);
        assertEquals("no rows for MeLU state ITEM_COLD", assertThrows(IllegalArgumentException.class,
                () -> MeluSplit.build(states, QuerySplitRule.MELU, 7)).getMessage());
    }
}
