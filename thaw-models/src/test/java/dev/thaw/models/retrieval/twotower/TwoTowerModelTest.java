package dev.thaw.models.retrieval.twotower;

import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.FEATURES;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.SPLIT;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.model;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Weights;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TwoTowerModelTest {
    private static final int[] USERS = {0, 1, 2, 3};

    private static Tensor queries(TwoTowerModel model, HistoryBags bags) {
        return model.queries(Weights.current(), FEATURES, USERS, bags);
    }

    private static HistoryBags history() {
        return HistoryBags.forServing(SPLIT.train(), USERS, 10);
    }

    @Test
    void towersGiveUnitVectorsOfTheConfiguredSizeWhenNormalised() {
        TwoTowerModel model = model(small(), 1);
        Tensor q = queries(model, history());
        Tensor v = model.items(Weights.current(), FEATURES, new int[] {0, 5, 7});
        assertArrayEquals(new int[] {4, 16}, q.shape());
        assertArrayEquals(new int[] {3, 16}, v.shape());
        for (Tensor t : List.of(q, v)) {
            for (int r = 0; r < t.dim(0); r++) {
                double sq = 0;
                for (int c = 0; c < 16; c++) {
                    sq += t.get(r * 16 + c) * t.get(r * 16 + c);
                }
                assertEquals(1.0, sq, 1e-5);
            }
        }
        Tensor raw = model(small().withScoring(false, 1), 1).items(Weights.current(), FEATURES, new int[] {0, 5});
        double norm0 = 0;
        for (int c = 0; c < 16; c++) {
            norm0 += raw.get(c) * raw.get(c);
        }
        assertTrue(Math.abs(norm0 - 1) > 1e-3, "unnormalised output has squared norm " + norm0);
    }

    @Test
    void theHistoryBagAndTheUserIdReachTheQuery() {
        TwoTowerModel model = model(small().withIds(true, true), 2);
        float[] withHistory = queries(model, history()).toFloatArray();
        float[] without = queries(model, HistoryBags.empty(USERS.length)).toFloatArray();
        assertFalse(java.util.Arrays.equals(withHistory, without));
        assertTrue(model.parameters().containsKey("user_id.table"));
        assertTrue(model.parameters().containsKey("item_id.table"));
        assertFalse(model(small().withIds(false, false).withHistorySize(0), 2).parameters()
                .containsKey("item_id.table"));
    }

    @Test
    void sameSeedSameModel() {
        assertArrayEquals(queries(model(small(), 3), history()).toFloatArray(),
                queries(model(small(), 3), history()).toFloatArray());
    }

    @Test
    void aTowerWithoutInputIsRefused() {
        IllegalArgumentException user = assertThrows(IllegalArgumentException.class, () -> new TwoTowerModel(
                List.of(), FEATURES.itemFields(), 10, 10, small().withHistorySize(0).withIds(false, true),
                new SplittableRandom(1)));
        assertTrue(user.getMessage().contains("user tower has no input"), user.getMessage());
        IllegalArgumentException item = assertThrows(IllegalArgumentException.class, () -> new TwoTowerModel(
                FEATURES.userFields(), List.of(), 10, 10, small().withIds(false, false), new SplittableRandom(1)));
        assertTrue(item.getMessage().contains("item tower has no input"), item.getMessage());
    }

    @Test
    void historyBagsDropTheLabelRespectTheCapAndStayWithinTheUsersItems() {
        int user = 0;
        int[] items = SPLIT.train().items(user);
        assertTrue(items.length > 4, "fixture user 0 needs a few items");
        HistoryBags bags = HistoryBags.of(SPLIT.train(), new int[] {user, user}, new int[] {items[0], items[1]}, 3,
                new SplittableRandom(1));
        assertArrayEquals(new int[] {0, 3, 6}, bags.offsets());
        for (int k = 0; k < 6; k++) {
            assertTrue(SPLIT.train().contains(user, bags.items()[k]));
            assertTrue(bags.items()[k] != items[k / 3], "row " + k / 3 + " must not see its label");
        }
        HistoryBags uncapped = HistoryBags.of(SPLIT.train(), new int[] {user}, new int[] {items[0]}, 1000,
                new SplittableRandom(1));
        assertEquals(items.length - 1, uncapped.items().length);
        int[] alone = HistoryBags.forServing(SPLIT.train(), new int[] {user}, 3).items();
        int[] withOthers = HistoryBags.forServing(SPLIT.train(), new int[] {5, user}, 3).items();
        assertArrayEquals(alone, java.util.Arrays.copyOfRange(withOthers, withOthers.length - 3, withOthers.length),
                "a served user's bag must not depend on the other users of the call");
    }
}
