package dev.thaw.data.split;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.Interactions;
import dev.thaw.data.RealData;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.io.MeluData;
import dev.thaw.data.io.MeluStates;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MeLU's protocol on the real ML-1M + MeLU state files. */
class MeluSplitRealDataTest {
    private static MeluData data;
    private static Map<Scenario, Interactions> states;
    private static MeluSplit split;

    @BeforeAll
    static void load() {
        data = MeluData.load(RealData.dir("ml-1m"), RealData.dir("melu-ml-1m"));
        states = MeluSplit.rowsOf(data.states(), data.dataset().interactions());
        split = MeluSplit.build(states, QuerySplitRule.MELU, 2019);
    }

    @Test
    void userCountsPerStateAfterTheThirteenToHundredFilter() {
        assertEquals(2_653, split.tasks(Scenario.WARM).size());
        assertEquals(668, split.tasks(Scenario.USER_COLD).size());
        assertEquals(2_863, split.tasks(Scenario.ITEM_COLD).size());
        assertEquals(723, split.tasks(Scenario.USER_AND_ITEM_COLD).size());
    }

    @Test
    void everyTaskHasTenQueryRatingsAndKeepsAllOfItsUsersStateRatings() {
        for (Scenario s : Scenario.values()) {
            Interactions rows = states.get(s);
            int[] perUser = new int[rows.users().size()];
            IntStream.range(0, rows.size()).forEach(r -> perUser[rows.user(r)]++);
            for (Task task : split.tasks(s)) {
                assertEquals(10, task.query().size());
                assertEquals(perUser[task.entity()], task.size());
                assertTrue(task.support().size() >= 3 && task.support().size() <= 90);
            }
        }
        assertEquals(640_448, states.get(Scenario.WARM).size());
        List<String> eligibleInFileOrder = data.states().users(MeluStates.State.WARM).entrySet().stream()
                .filter(e -> e.getValue().size() >= 13 && e.getValue().size() <= 100).map(Map.Entry::getKey).toList();
        List<String> taskUsers = split.tasks(Scenario.WARM).stream()
                .map(t -> data.dataset().interactions().users().raw(t.entity())).toList();
        assertEquals(eligibleInFileOrder, taskUsers, "tasks keep the state file's user order");
    }

    @Test
    void vocabulariesFittedOnWarmStateLeaveColdOnlyValuesUnknown() {
        Interactions warm = states.get(Scenario.WARM);
        int[] warmUsers = IntStream.range(0, warm.size()).map(warm::user).distinct().toArray();
        FeatureTable users = data.dataset().userFeatures().orElseThrow();
        EncodedFeatures encoded = FeatureEncoder.fit(users, warmUsers, EncoderOptions.DEFAULTS).encode(users);
        int zip = encoded.fieldIndex("zip");
        int gender = encoded.fieldIndex("gender");
        assertEquals(3, encoded.fields().get(gender).cardinality());
        long coldUsersWithUnknownZip = split.tasks(Scenario.USER_COLD).stream()
                .filter(t -> encoded.indices(zip, t.entity())[0] == 0).count();
        assertTrue(coldUsersWithUnknownZip > 0, "some new users live in zip codes no warm user has");
        assertTrue(split.tasks(Scenario.WARM).stream().allMatch(t -> encoded.indices(zip, t.entity())[0] > 0));
    }
}
