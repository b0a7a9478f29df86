package dev.thaw.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.EntityKind;
import dev.thaw.data.task.Task;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.eval.baseline.Baselines;
import dev.thaw.models.Adaptation;
import dev.thaw.models.melu.FieldSpec;
import dev.thaw.models.melu.MeluConfig;
import dev.thaw.models.melu.MeluModel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ItemOffsetsTest {
    private static final RecDataset DATA = SyntheticGenerator.generate(SyntheticConfig.small(3).withSize(10, 50))
            .dataset();
    private static final IdMap USERS = DATA.interactions().users();
    private static final IdMap ITEMS = DATA.interactions().items();
    private static final EncodedSplit.Encoders ENCODERS = EncodedSplit.Encoders.fit(DATA, DATA.interactions(),
            List.of(), List.of(), 1);
    private static final EncodedFeatures USER_FEATURES = ENCODERS.users().encode(DATA.userFeatures().orElseThrow());
    private static final EncodedFeatures ITEM_FEATURES = ENCODERS.items().encode(DATA.itemFeatures().orElseThrow());
    private static final BatchEncoder ENCODER = new BatchEncoder(USER_FEATURES, ITEM_FEATURES);

    private static Interactions rows(int[] users, int[] items, float[] ratings) {
        return new Interactions(USERS, ITEMS, users, items, ratings, new long[users.length]);
    }

    /** Item 0: ratings 5, 5, 4 (three); item 1: rating 1 (one); item 2: none. */
    private static final Interactions EVIDENCE = rows(new int[] {0, 1, 2, 3}, new int[] {0, 0, 0, 1},
            new float[] {5, 5, 4, 1});

    @Test
    void offsetIsTheShrunkMeanResidualOfAnItemsFirstRatings() {
        ItemOffsets offsets = ItemOffsets.fit(EVIDENCE, 3.0, 2);

        assertEquals((2 + 2 + 1) / (3.0 + 2), offsets.offset(0), 1e-12);
        assertEquals(-2 / (1.0 + 2), offsets.offset(1), 1e-12);
        assertEquals(0, offsets.offset(2), "no evidence, no offset");
        assertEquals(0, offsets.offset(99), "an item beyond the id map");
        ItemOffsets perRow = ItemOffsets.fit(EVIDENCE, new float[] {4, 4, 4, 2}, 0);
        assertEquals(2 / 3.0, perRow.offset(0), 1e-6);
        assertEquals(-1, perRow.offset(1), 1e-6);
    }

    @Test
    void aroundAddsTheOffsetsAndAdaptsOnlyToWhatTheyDoNotExplain() {
        MeluModel model = new MeluModel(FieldSpec.of(USER_FEATURES), FieldSpec.of(ITEM_FEATURES),
                MeluConfig.defaults().withUserBias(true), 3.5, new SplittableRandom(4));
        ItemOffsets offsets = ItemOffsets.fit(EVIDENCE, 3.0, 0);
        int[] items = {0, 1, 2};
        TaskBatch probe = task(rows(new int[0], new int[0], new float[0]), items);
        float[] prior = Adaptation.predict(model, probe.query());

        float[] withoutUpdate = offsets.around(model, false).predictQuery(probe);
        assertArrayEquals(new float[] {prior[0] + 5 / 3f, prior[1] - 2, prior[2]}, withoutUpdate, 1e-5f);

        // a user who rates items 0 and 1 exactly as the prior plus their offsets leaves nothing to adapt to
        TaskBatch explained = task(rows(new int[] {0, 0}, new int[] {0, 1},
                new float[] {withoutUpdate[0], withoutUpdate[1]}), items);
        assertArrayEquals(withoutUpdate, offsets.around(model, true).predictQuery(explained), 1e-4f);
        // one who rates them 1 higher is moved up by the local update and the user offset
        TaskBatch higher = task(rows(new int[] {0, 0}, new int[] {0, 1},
                new float[] {withoutUpdate[0] + 1, withoutUpdate[1] + 1}), items);
        float[] adapted = offsets.around(model, true).predictQuery(higher);
        for (int q = 0; q < items.length; q++) {
            assertTrue(adapted[q] > withoutUpdate[q] + 0.1, "item " + q + ": " + adapted[q] + " vs " + withoutUpdate[q]);
        }
    }

    @Test
    void offsetsAgainstAModelPredictEvidenceBlockByBlockAsInOnePass() {
        MeluModel model = new MeluModel(FieldSpec.of(USER_FEATURES), FieldSpec.of(ITEM_FEATURES),
                MeluConfig.defaults(), 3.5, new SplittableRandom(6));
        int copies = ItemOffsets.PREDICTION_BLOCK / EVIDENCE.size() * 2 + 1;
        Interactions many = Interactions.concat(java.util.Collections.nCopies(copies, EVIDENCE));
        float[] onePass = Adaptation.predict(model, ENCODER.encode(many));

        ItemOffsets blocked = ItemOffsets.fit(many, model, ENCODER, 5);
        ItemOffsets expected = ItemOffsets.fit(many, onePass, 5);

        assertTrue(many.size() > 2 * ItemOffsets.PREDICTION_BLOCK);
        for (int item = 0; item < 3; item++) {
            assertEquals(expected.offset(item), blocked.offset(item), 1e-9, "item " + item);
        }
    }

    @Test
    void userAndItemBiasTakesANewItemsBiasFromItsEvidence() {
        Interactions training = rows(new int[] {0, 1}, new int[] {2, 2}, new float[] {3, 3});
        TaskBatch task = task(new int[] {0, 1, 2});
        ItemOffsets offsets = ItemOffsets.fit(EVIDENCE, 3.0, 0);

        float[] plain = Baselines.userAndItemBias(training, 3.0).predictQuery(task);
        float[] withEvidence = Baselines.userAndItemBias(training, 3.0, offsets).predictQuery(task);

        assertArrayEquals(new float[] {3, 3, 3}, plain, 1e-6f);
        assertArrayEquals(new float[] {3 + 5 / 3f, 1, 3}, withEvidence, 1e-6f);
    }

    @Test
    void badEvidenceIsRefusedWithTheRowNamed() {
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> ItemOffsets.fit(EVIDENCE, new float[3], 5));
        assertTrue(lengths.getMessage().contains("3 for 4"), lengths.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ItemOffsets.fit(EVIDENCE, new float[] {3, Float.NaN, 3, 3}, 5));
        assertTrue(nan.getMessage().contains("evidence rating 1 (item " + ITEMS.raw(0) + ")"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ItemOffsets.fit(EVIDENCE, 3.0, -1));
    }

    private static TaskBatch task(int[] queryItems) {
        return task(rows(new int[0], new int[0], new float[0]), queryItems);
    }

    private static TaskBatch task(Interactions support, int[] queryItems) {
        Interactions query = rows(new int[queryItems.length], queryItems, new float[queryItems.length]);
        return ENCODER.encode(new Task(EntityKind.USER, 0, support, query));
    }
}
