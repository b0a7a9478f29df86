package dev.thaw.data.split;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.Interactions;
import dev.thaw.data.split.HonestSplit.Fold;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.Task;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HonestSplitTest {
    static final Interactions LOG = SyntheticGenerator.generate(SyntheticConfig.small(31).withSize(1000, 300)
            .withInteractionsPerUser(20, 120)).dataset().interactions();
    static final BitSet EVERY_FOURTH_ITEM_NEW = new BitSet();

    static {
        for (int i = 0; i < LOG.items().size(); i += 4) {
            EVERY_FOURTH_ITEM_NEW.set(i);
        }
    }

    private static final HonestSplit SPLIT = HonestSplit.build(LOG, EVERY_FOURTH_ITEM_NEW, HonestSplit.Config.defaults(1));

    /** All evaluation tasks plus the meta-training tasks. */
    static List<Task> allTasks(HonestSplit split) {
        List<Task> all = new ArrayList<>(split.trainingTasks(QuerySplitRule.MELU));
        for (Scenario s : Scenario.values()) {
            for (Fold f : Fold.values()) {
                all.addAll(split.tasks(s, f));
            }
        }
        return all;
    }

    /** Asserts the leakage guarantee: no evaluation query pair is in training or in any support set. */
    static void assertNoQueryLeaks(HonestSplit split) {
        Set<Long> training = Pairs.of(split.training());
        Set<Long> supports = Pairs.supports(allTasks(split));
        int queries = 0;
        for (Scenario s : Scenario.values()) {
            for (Fold f : Fold.values()) {
                Set<Long> q = Pairs.queries(split.tasks(s, f));
                queries += q.size();
                assertTrue(Collections.disjoint(q, training), s + "/" + f + " query pairs reach training");
                assertTrue(Collections.disjoint(q, supports), s + "/" + f + " query pairs appear in a support set");
            }
        }
        assertTrue(queries > 0);
    }

    @Test
    void noQueryRatingReachesTrainingOrAnySupportSet() {
        assertNoQueryLeaks(SPLIT);
    }

    @Test
    void newUsersAndNewItemsNeverReachTraining() {
        Interactions training = SPLIT.training();
        for (int r = 0; r < training.size(); r++) {
            assertFalse(SPLIT.isNewUser(training.user(r)));
            assertFalse(SPLIT.isNewItem(training.item(r)));
        }
        long newUsers = IntStream.range(0, LOG.users().size()).filter(SPLIT::isNewUser).count();
        assertEquals(200, newUsers);
        for (Scenario s : Scenario.values()) {
            for (Fold f : Fold.values()) {
                for (Task task : SPLIT.tasks(s, f)) {
                    assertEquals(s.newUsers(), SPLIT.isNewUser(task.entity()));
                    assertEquals(f, SPLIT.fold(task.entity()));
                    assertEquals(10, task.query().size());
                    for (int r = 0; r < task.support().size(); r++) {
                        assertEquals(s.newItems(), SPLIT.isNewItem(task.support().item(r)));
                    }
                }
            }
        }
    }

    @Test
    void validationAndTestUsersAreDisjointAndBothPopulated() {
        Set<Integer> validation = new HashSet<>();
        Set<Integer> test = new HashSet<>();
        for (Scenario s : Scenario.values()) {
            SPLIT.tasks(s, Fold.VALIDATION).forEach(t -> validation.add(t.entity()));
            SPLIT.tasks(s, Fold.TEST).forEach(t -> test.add(t.entity()));
            assertFalse(SPLIT.tasks(s, Fold.VALIDATION).isEmpty(), s + " validation");
            assertFalse(SPLIT.tasks(s, Fold.TEST).isEmpty(), s + " test");
        }
        assertTrue(Collections.disjoint(validation, test));
    }

    @Test
    void warmSupportIsWhatTrainingSawAndTheQueryIsHeldOut() {
        Map<Integer, Integer> trainingRowsOfUser = new HashMap<>();
        for (int r = 0; r < SPLIT.training().size(); r++) {
            trainingRowsOfUser.merge(SPLIT.training().user(r), 1, Integer::sum);
        }
        for (Task task : SPLIT.tasks(Scenario.WARM, Fold.TEST)) {
            assertEquals(trainingRowsOfUser.get(task.entity()), task.support().size());
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        HonestSplit again = HonestSplit.build(LOG, EVERY_FOURTH_ITEM_NEW, HonestSplit.Config.defaults(1));
        HonestSplit other = HonestSplit.build(LOG, EVERY_FOURTH_ITEM_NEW, HonestSplit.Config.defaults(2));
        for (Scenario s : Scenario.values()) {
            assertEquals(Pairs.queries(SPLIT.tasks(s, Fold.TEST)), Pairs.queries(again.tasks(s, Fold.TEST)));
            assertNotEquals(Pairs.queries(SPLIT.tasks(s, Fold.TEST)), Pairs.queries(other.tasks(s, Fold.TEST)));
        }
        assertEquals(Pairs.of(SPLIT.training()), Pairs.of(again.training()));
    }

    @Test
    void itemsAreNewByReleaseYear() {
        FeatureTable items = new FeatureTable(List.of(new FeatureTable.FeatureField("year", FeatureTable.Kind.NUMERIC)),
                List.of(Map.of("year", 1997.0), Map.of("year", 1998.0), Map.of("year", 1950.0)));
        BitSet expected = new BitSet();
        expected.set(1);
        assertEquals(expected, HonestSplit.itemsReleasedAfter(items, "year", 1997));
        FeatureTable missing = new FeatureTable(items.fields(), List.of(Map.of("year", 1997.0), Map.of("year", Double.NaN)));
        assertEquals("item row 1 has no 'year': every item needs a release year to be called existing or new",
                assertThrows(IllegalArgumentException.class,
                        () -> HonestSplit.itemsReleasedAfter(missing, "year", 1997)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HonestSplit.Config(1.0, 0.25, QuerySplitRule.MELU, 1));
    }
}
