package dev.thaw.models.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thaw.data.FeatureTable;
import dev.thaw.data.FeatureTable.FeatureField;
import dev.thaw.data.FeatureTable.Kind;
import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import dev.thaw.models.serving.ServingCatalogue.RatingScale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServingCatalogueTest {
    private static RecDataset dataset(float... ratings) {
        IdMap.Builder users = IdMap.builder();
        users.add("u");
        IdMap.Builder items = IdMap.builder();
        for (String id : List.of("1", "2", "3")) {
            items.add(id);
        }
        int n = ratings.length;
        Interactions log = new Interactions(users.build(), items.build(), new int[n],
                java.util.stream.IntStream.range(0, n).map(i -> i % 3).toArray(), ratings, new long[n]);
        FeatureTable features = new FeatureTable(List.of(new FeatureField("genres", Kind.MULTI),
                new FeatureField("year", Kind.NUMERIC), new FeatureField("rate", Kind.CATEGORICAL)),
                List.of(Map.of("genres", List.of("Drama", "War"), "year", 1995.0, "rate", "PG"),
                        Map.of("genres", List.of(), "year", Double.NaN),
                        Map.of("genres", List.of("Comedy"), "year", 1980.0, "rate", "R")));
        return new RecDataset("test", log, Optional.empty(), Optional.of(features),
                Optional.of(List.of("Heat (1995)", "Ran (1985)", "Big (1988)")), "test");
    }

    @Test
    void catalogueKeepsTitlesGenresEvidenceOrderAndRawFeaturesThroughJson() throws Exception {
        ServingCatalogue catalogue = ServingCatalogue.of("melu", Map.of("seed", 5), dataset(4, 5, 1),
                new double[] {0.2, 0.9, 0.5}, 2);
        ObjectMapper json = new ObjectMapper();
        ServingCatalogue back = json.readValue(json.writeValueAsString(catalogue), ServingCatalogue.class);
        assertEquals(List.of("Drama", "War"), back.items().get(0).genres());
        assertEquals("Ran (1985)", back.items().get(1).title());
        assertEquals(List.of("2", "3"), back.evidence().stream().map(ServingCatalogue.EvidenceItem::id).toList());
        assertEquals(5, back.config().get("seed").asInt());
        assertEquals(catalogue.dataFingerprint(), back.dataFingerprint());
        FeatureTable restored = back.itemFeatures();
        FeatureTable original = dataset(4, 5, 1).itemFeatures().orElseThrow();
        assertEquals(original.fields(), restored.fields());
        assertEquals(original.rows().get(0), restored.rows().get(0));
        assertTrue(Double.isNaN((Double) restored.rows().get(1).get("year")), "a missing number stays missing");
        assertFalse(restored.rows().get(1).containsKey("rate"), "a missing category stays missing");
        assertEquals(original.rows().get(2), restored.rows().get(2));
    }

    @Test
    void ratingScaleIsReadFromTheTrainingRatings() {
        RatingScale whole = ServingCatalogue.of("melu", Map.of(), dataset(1, 5, 3), new double[3], 1).ratingScale();
        assertEquals(new RatingScale(1, 5, 1), whole);
        assertTrue(whole.accepts(4) && !whole.accepts(4.5) && !whole.accepts(0) && !whole.accepts(6));
        assertEquals(new RatingScale(0.5, 5, 0.5),
                ServingCatalogue.of("melu", Map.of(), dataset(0.5f, 5, 3.5f), new double[3], 1).ratingScale());
        RatingScale any = ServingCatalogue.of("melu", Map.of(), dataset(0.3f, 1, 0.7f), new double[3], 1).ratingScale();
        assertEquals(0, any.step());
        assertTrue(any.accepts(0.41) && !any.accepts(1.2) && !any.accepts(Double.NaN));
    }

    @Test
    void mismatchedEvidenceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServingCatalogue.of("melu", Map.of(), dataset(1, 2, 3), new double[2], 1));
        assertTrue(e.getMessage().contains("2 evidence scores"), e.getMessage());
    }
}
