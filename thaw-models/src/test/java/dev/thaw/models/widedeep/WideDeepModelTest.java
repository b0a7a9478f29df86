package dev.thaw.models.widedeep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.FeatureBatch;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.nn.Weights;
import dev.thaw.models.Adaptation;
import dev.thaw.models.melu.FieldSpec;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WideDeepModelTest {
    private static final RecDataset DATA = SyntheticGenerator.generate(SyntheticConfig.small(3).withSize(50, 40))
            .dataset();
    private static final EncodedFeatures USERS = encode(DATA.userFeatures().orElseThrow(), 50, EncoderOptions.DEFAULTS);
    private static final EncodedFeatures ITEMS = encode(DATA.itemFeatures().orElseThrow(), 40, EncoderOptions.DEFAULTS);
    private static final FeatureBatch BATCH = new BatchEncoder(USERS, ITEMS).encode(
            DATA.interactions().select(IntStream.range(0, 32).toArray()));

    private static EncodedFeatures encode(dev.thaw.data.FeatureTable table, int count, EncoderOptions options) {
        return FeatureEncoder.fit(table, IntStream.range(0, count).toArray(), options).encode(table);
    }

    private static WideDeepModel model(long seed) {
        return new WideDeepModel(FieldSpec.of(USERS), FieldSpec.of(ITEMS), WideDeepConfig.defaults(), 3.5,
                new SplittableRandom(seed));
    }

    @Test
    void predictsOneRatingPerRowNearTheMeanAtFirst() {
        float[] out = Adaptation.predict(model(1), BATCH);
        assertEquals(BATCH.size(), out.length);
        for (float r : out) {
            assertTrue(Math.abs(r - 3.5) < 1, "prediction " + r);
        }
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        assertArrayEquals(Adaptation.predict(model(1), BATCH), Adaptation.predict(model(1), BATCH));
        assertNotEquals(Adaptation.predict(model(1), BATCH)[0], Adaptation.predict(model(2), BATCH)[0]);
    }

    @Test
    void lossReachesWideCrossAndDeepParameters() {
        WideDeepModel m = model(1);
        Autograd.backward(m.loss(Weights.current(), BATCH));
        for (String name : List.of("bias", "wide_crosses.table", "deep.layer0.weight")) {
            assertNotNull(m.parameters().get(name), name + " missing from " + m.parameters().keySet());
            assertNotNull(m.parameters().get(name).value().grad(), name + " has no gradient");
        }
    }

    @Test
    void badConfigAndForeignBatchesFailClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WideDeepConfig(32, 64, 64, 0.1, 0, 1e-3, 256, 10, 2));
        assertEquals("Wide&Deep config: crossBuckets must be >= 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WideDeepConfig(32, 64, 64, 0.1, 16, 0, 256, 10, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new WideDeepModel(FieldSpec.of(USERS), List.of(), WideDeepConfig.defaults(), 3,
                        new SplittableRandom(1)));
        String first = ITEMS.fields().get(0).field();
        EncodedFeatures fewer = encode(DATA.itemFeatures().orElseThrow(), 40,
                EncoderOptions.DEFAULTS.withFields(first));
        FeatureBatch foreign = new BatchEncoder(USERS, fewer).encode(DATA.interactions().select(new int[] {0}));
        e = assertThrows(IllegalArgumentException.class, () -> Adaptation.predict(model(1), foreign));
        assertTrue(e.getMessage().startsWith("model has item fields"), e.getMessage());
    }
}
