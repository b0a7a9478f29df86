package dev.thaw.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataFingerprintTest {
    private static RecDataset dataset(float lastRating, String lastGenre) {
        IdMap.Builder users = IdMap.builder();
        users.add("u1");
        users.add("u2");
        IdMap.Builder items = IdMap.builder();
        items.add("10");
        items.add("20");
        Interactions log = new Interactions(users.build(), items.build(), new int[] {0, 1, 1}, new int[] {0, 0, 1},
                new float[] {4, 5, lastRating}, new long[] {1, 2, 3});
        FeatureTable itemFeatures = new FeatureTable(List.of(new FeatureTable.FeatureField("genre",
                FeatureTable.Kind.CATEGORICAL)), List.of(Map.of("genre", "Drama"), Map.of("genre", lastGenre)));
        return new RecDataset("test", log, Optional.empty(), Optional.of(itemFeatures), Optional.empty(), "test rows");
    }

    @Test
    void sameRowsSameFingerprintAnyChangeAnother() {
        String base = DataFingerprint.of(dataset(3, "Comedy"));
        assertTrue(base.matches("sha256:[0-9a-f]{64}"), base);
        assertEquals(base, DataFingerprint.of(dataset(3, "Comedy")));
        assertNotEquals(base, DataFingerprint.of(dataset(2, "Comedy")), "a changed rating");
        assertNotEquals(base, DataFingerprint.of(dataset(3, "Horror")), "a changed feature value");
    }
}
