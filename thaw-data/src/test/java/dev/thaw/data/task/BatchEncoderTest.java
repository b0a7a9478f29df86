package dev.thaw.data.task;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchEncoderTest {
    private static final RecDataset DATA = SyntheticGenerator.generate(SyntheticConfig.small(21)).dataset();
    private static final BatchEncoder ENCODER = new BatchEncoder(encode(DATA.userFeatures().orElseThrow()),
            encode(DATA.itemFeatures().orElseThrow()));

    @Test
    void raggedAndPaddedLayoutsAgree() {
        Interactions rows = DATA.interactions().select(new int[] {0, 1, 2, 3, 4});
        FeatureBatch batch = ENCODER.encode(rows);
        assertEquals(5, batch.size());
        FieldInput tags = batch.itemField("tags");
        assertTrue(tags.multiValued());
        int[] offsets = tags.offsets();
        int[] indices = tags.indices();
        float[] weights = tags.meanWeights();
        int[] padded = tags.padded();
        Tensor mask = tags.mask();
        int l = tags.maxLength();
        assertArrayEquals(new int[] {5, l}, mask.shape());
        for (int b = 0; b < 5; b++) {
            int count = offsets[b + 1] - offsets[b];
            assertTrue(count >= 1 && count <= 3);
            for (int k = 0; k < l; k++) {
                boolean real = k < count;
                assertEquals(real ? 1.0 : 0.0, mask.get(b * l + k));
                assertEquals(real ? indices[offsets[b] + k] : 0, padded[b * l + k]);
                if (real) {
                    assertEquals(1f / count, weights[offsets[b] + k]);
                }
            }
        }
    }

    @Test
    void singleValuedFieldsHaveOneIndexPerRowAndLabelsAreValues() {
        Interactions rows = DATA.interactions().select(new int[] {7, 3, 9});
        FeatureBatch batch = ENCODER.encode(rows);
        FieldInput gender = batch.userField("gender");
        assertEquals(1, gender.maxLength());
        assertArrayEquals(new int[] {0, 1, 2, 3}, gender.offsets());
        assertEquals(3, gender.cardinality(), "F, M and the unknown index");
        assertArrayEquals(new float[] {rows.value(0), rows.value(1), rows.value(2)}, batch.labels().toFloatArray());
        assertArrayEquals(new int[] {3}, batch.labels().shape());
        assertArrayEquals(new int[] {rows.item(0), rows.item(1), rows.item(2)}, batch.items());
        assertEquals("no user field 'zip'; fields are [gender, age, occupation]",
                assertThrows(IllegalArgumentException.class, () -> batch.userField("zip")).getMessage());
    }

    @Test
    void withLabelsKeepsTheRowsAndReplacesOnlyTheValues() {
        FeatureBatch batch = ENCODER.encode(DATA.interactions().select(new int[] {7, 3, 9}));
        float[] values = {1.5f, -2, 0};

        FeatureBatch relabelled = batch.withLabels(values);
        values[0] = 99;

        assertArrayEquals(new float[] {1.5f, -2, 0}, relabelled.labels().toFloatArray(), "a copy of the values");
        assertArrayEquals(batch.items(), relabelled.items());
        assertArrayEquals(batch.users(), relabelled.users());
        assertArrayEquals(batch.itemField("tags").indices(), relabelled.itemField("tags").indices());
        assertEquals("2 labels for a batch of 3 rows",
                assertThrows(IllegalArgumentException.class, () -> batch.withLabels(new float[2])).getMessage());
    }

    @Test
    void tasksAndShuffledBatchesKeepEveryRow() {
        Task task = Tasks.byUser(DATA.interactions(), new QuerySplitRule(15, 40, 5), 3).get(0);
        TaskBatch encoded = ENCODER.encode(task);
        assertEquals(task.support().size(), encoded.support().size());
        assertEquals(5, encoded.query().size());
        List<FeatureBatch> batches = ENCODER.shuffledBatches(DATA.interactions(), 64, 1);
        assertTrue(batches.subList(0, batches.size() - 1).stream().allMatch(b -> b.size() == 64));
        assertEquals(DATA.interactions().size(), batches.stream().mapToInt(FeatureBatch::size).sum());
        float[] first = batches.get(0).labels().toFloatArray();
        assertArrayEquals(first, ENCODER.shuffledBatches(DATA.interactions(), 64, 1).get(0).labels().toFloatArray());
    }

    @Test
    void sequenceBatchesAreLeftPaddedNextItemPairs() {
        SequenceBatch batch = SequenceBatch.nextItem(List.of(new int[] {4, 5, 6}, new int[] {0, 1, 2, 3, 4, 5}), 4);
        assertArrayEquals(new int[] {0, 0, 5, 6, /* */ 2, 3, 4, 5}, batch.inputs());
        assertArrayEquals(new int[] {0, 0, 6, 7, /* */ 3, 4, 5, 6}, batch.targets());
        assertArrayEquals(new int[] {7, 6}, batch.lastTargets());
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, 1, 1, 1}, batch.mask().toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> SequenceBatch.nextItem(List.of(new int[] {1}), 4));
    }

    private static EncodedFeatures encode(FeatureTable table) {
        int[] all = IntStream.range(0, table.rows().size()).toArray();
        return FeatureEncoder.fit(table, all, EncoderOptions.DEFAULTS).encode(table);
    }
}
