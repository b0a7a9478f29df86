package dev.thaw.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import dev.thaw.data.split.HonestSplit;
import dev.thaw.data.split.MeluSplit;
import dev.thaw.data.split.Scenario;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.TaskBatch;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EncodedSplitTest {
    private static final RecDataset DATA = SyntheticGenerator.generate(SyntheticConfig.small(9).withSize(400, 200))
            .dataset();

    private static Set<Integer> users(List<TaskBatch> tasks) {
        return tasks.stream().map(t -> t.task().entity()).collect(Collectors.toSet());
    }

    @Test
    void honestSplitKeepsNewUsersAndNewItemsOutOfTrainingAndVocabularies() {
        BitSet newItems = HonestSplits.everyKthItem(200, 4);
        HonestSplit split = HonestSplits.split(DATA, newItems, 9);
        EncodedSplit encoded = HonestSplits.encoded(DATA, split);
        Set<Integer> trainingUsers = users(encoded.trainingTasks());
        for (Scenario s : List.of(Scenario.USER_COLD, Scenario.USER_AND_ITEM_COLD)) {
            Set<Integer> cold = users(encoded.testTasks().get(s));
            cold.retainAll(trainingUsers);
            assertTrue(cold.isEmpty(), s + " test users in training: " + cold);
        }
        Set<Integer> validation = users(encoded.validationTasks());
        validation.retainAll(trainingUsers);
        assertTrue(validation.isEmpty());
        assertEquals(encoded.trainingTasks(), encoded.trainingTasksOfEpoch(0, true, 9));
        assertEquals(encoded.trainingTasks(), encoded.trainingTasksOfEpoch(3, false, 9));
        List<TaskBatch> small = encoded.trainingTasksOfEpoch(0, false, 1.0, 9);
        assertTrue(small.stream().allMatch(t -> t.support().size() >= 1
                && t.support().size() <= EncodedSplit.SMALL_SUPPORT_MAX), "every support cut to 1..5 ratings");
        assertEquals(trainingUsers, users(small));
        List<TaskBatch> resampled = encoded.trainingTasksOfEpoch(1, true, 9);
        assertEquals(trainingUsers, users(resampled), "the same users, split afresh");
        assertFalse(java.util.Arrays.equals(encoded.trainingTasks().get(0).query().items(),
                resampled.get(0).query().items()));
        for (TaskBatch task : encoded.trainingTasks()) {
            for (int item : task.support().items()) {
                assertFalse(newItems.get(item), "new item " + item + " in a training task");
            }
        }
    }

    @Test
    void itemEvidenceHoldsEverySupportRatingOfNewItemsAndNoQueryRating() {
        BitSet newItems = HonestSplits.everyKthItem(200, 4);
        HonestSplit split = HonestSplits.split(DATA, newItems, 9);
        EncodedSplit encoded = HonestSplits.encoded(DATA, split);
        Interactions evidence = encoded.itemEvidence();
        Set<Long> evidencePairs = new java.util.HashSet<>();
        for (int r = 0; r < evidence.size(); r++) {
            assertTrue(newItems.get(evidence.item(r)), "evidence on existing item " + evidence.item(r));
            evidencePairs.add(pair(evidence.user(r), evidence.item(r)));
        }
        int newItemSupportRatings = 0;
        for (Scenario s : List.of(Scenario.ITEM_COLD, Scenario.USER_AND_ITEM_COLD)) {
            for (HonestSplit.Fold fold : HonestSplit.Fold.values()) {
                for (var task : split.tasks(s, fold)) {
                    newItemSupportRatings += task.support().size();
                    for (int r = 0; r < task.query().size(); r++) {
                        assertFalse(evidencePairs.contains(pair(task.query().user(r), task.query().item(r))),
                                "query rating in the item evidence");
                    }
                }
            }
        }
        assertTrue(newItemSupportRatings > 0);
        assertEquals(newItemSupportRatings, evidence.size(), "every support rating of a new item, once");
    }

    private static long pair(int user, int item) {
        return (long) user << 32 | item;
    }

    @Test
    void earlyStoppingCanWatchTheValidationFoldsOfSeveralScenarios() {
        BitSet newItems = HonestSplits.everyKthItem(200, 4);
        HonestSplit split = HonestSplits.split(DATA, newItems, 9);
        EncodedSplit.Encoders encoders = EncodedSplit.Encoders.fit(DATA, split.training(), List.of(), List.of(), 1);
        EncodedSplit users = EncodedSplit.honest(DATA, split, QuerySplitRule.MELU, encoders);
        EncodedSplit usersAndItems = EncodedSplit.honest(DATA, split, QuerySplitRule.MELU, encoders,
                List.of(Scenario.USER_COLD, Scenario.ITEM_COLD));
        int newUserTasks = split.tasks(Scenario.USER_COLD, HonestSplit.Fold.VALIDATION).size();
        int newItemTasks = split.tasks(Scenario.ITEM_COLD, HonestSplit.Fold.VALIDATION).size();
        assertTrue(newUserTasks > 0 && newItemTasks > 0);
        assertEquals(newUserTasks, users.validationTasks().size());
        assertEquals(newUserTasks + newItemTasks, usersAndItems.validationTasks().size());
        assertTrue(usersAndItems.validationTasks().stream().skip(newUserTasks)
                .allMatch(t -> java.util.Arrays.stream(t.query().items()).allMatch(newItems::get)),
                "the added tasks query new items");
        for (Scenario s : Scenario.values()) {
            assertEquals(users.testTasks().get(s).size(), usersAndItems.testTasks().get(s).size(), s + " test fold");
        }
        assertThrows(IllegalArgumentException.class,
                () -> EncodedSplit.honest(DATA, split, QuerySplitRule.MELU, encoders, List.of()));
    }

    @Test
    void meluProtocolHoldsOutASeededShareOfWarmUsersForValidation() {
        Map<Scenario, Interactions> states = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            states.put(s, DATA.interactions());
        }
        MeluSplit split = MeluSplit.build(states, QuerySplitRule.MELU, 3);
        EncodedSplit encoded = EncodedSplit.meluProtocol(DATA, split, DATA.interactions(),
                EncodedSplit.Encoders.fit(DATA, DATA.interactions(), List.of(), List.of(), 1), 0.2, 3);
        int warm = split.tasks(Scenario.WARM).size();
        assertEquals(Math.round(0.2 * warm), encoded.validationTasks().size());
        assertEquals(warm, encoded.trainingTasks().size() + encoded.validationTasks().size());
        Set<Integer> overlap = users(encoded.validationTasks());
        overlap.retainAll(users(encoded.trainingTasks()));
        assertTrue(overlap.isEmpty());
        Set<Integer> resampledUsers = users(encoded.trainingTasksOfEpoch(2, true, 3));
        resampledUsers.retainAll(users(encoded.validationTasks()));
        assertTrue(resampledUsers.isEmpty(), "resampled tasks never include validation users");
        assertEquals(warm, encoded.testTasks().get(Scenario.WARM).size(), "the paper's warm figure uses every warm task");
    }
}
