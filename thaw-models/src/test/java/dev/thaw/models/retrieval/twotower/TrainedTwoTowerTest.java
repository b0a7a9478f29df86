package dev.thaw.models.retrieval.twotower;

import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.ENCODERS;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.FEATURES;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.ITEM_TABLE;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.SPLIT;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.USER_TABLE;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.model;
import static dev.thaw.models.retrieval.twotower.TwoTowerFixture.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.FeatureTable;
import dev.thaw.engine.nn.Weights;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainedTwoTowerTest {
    private static final int[] USERS = {0, 4, 9};

    @Test
    void servesTheTowersOfTheSnapshotAndIgnoresLaterTraining() {
        TwoTowerModel model = model(small(), 1);
        TrainedTwoTower trained = TrainedTwoTower.of("two-tower/test", model, ENCODERS, FEATURES);
        float[] expected = model.queries(Weights.current(), FEATURES, USERS,
                HistoryBags.forServing(SPLIT.train(), USERS, small().historySize())).toFloatArray();
        assertArrayEquals(expected, trained.queryEmbeddings(USERS, SPLIT.train()));
        assertEquals(SPLIT.itemCount() * 16, trained.itemEmbeddings().length);
        assertEquals(16, trained.dim());
        assertEquals("two-tower/test", trained.name());
        float[] before = trained.itemEmbeddings();
        model.parameters().values().forEach(p -> p.value().floatStorage()[0] += 1);
        assertArrayEquals(before, trained.itemEmbeddings());
        assertArrayEquals(expected, trained.queryEmbeddings(USERS, SPLIT.train()));
    }

    @Test
    void saveAndLoadGiveTheSameEmbeddings(@TempDir Path dir) throws Exception {
        TrainedTwoTower trained = TrainedTwoTower.of("two-tower/x", model(small().withIds(true, true), 2), ENCODERS,
                FEATURES);
        trained.save(dir.resolve("model"), Map.of("loss.json", Map.of("kind", "FULL")));
        TrainedTwoTower loaded = TrainedTwoTower.load(dir.resolve("model"), USER_TABLE, ITEM_TABLE);
        assertEquals(trained.config(), loaded.config());
        assertEquals("two-tower/x", loaded.name());
        assertArrayEquals(trained.itemEmbeddings(), loaded.itemEmbeddings());
        assertArrayEquals(trained.queryEmbeddings(USERS, SPLIT.train()), loaded.queryEmbeddings(USERS, SPLIT.train()));
    }

    @Test
    void loadingWithAnotherDatasetsFeaturesFailsWithOneLine(@TempDir Path dir) throws Exception {
        TrainedTwoTower.of("t", model(small(), 3), ENCODERS, FEATURES).save(dir.resolve("m"), Map.of());
        FeatureTable fewer = new FeatureTable(USER_TABLE.fields(), USER_TABLE.rows().subList(0, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainedTwoTower.load(dir.resolve("m"), fewer, ITEM_TABLE));
        assertTrue(e.getMessage().contains("trained on " + SPLIT.userCount() + " users"), e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> TrainedTwoTower.load(dir.resolve("m"), null, ITEM_TABLE));
        assertTrue(none.getMessage().contains("reads user features"), none.getMessage());
    }
}
