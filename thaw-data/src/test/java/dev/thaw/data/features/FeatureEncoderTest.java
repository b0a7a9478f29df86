package dev.thaw.data.features;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.FeatureTable.FeatureField;
import dev.thaw.data.FeatureTable.Kind;
import dev.thaw.data.IdMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureEncoderTest {
    /** Rows 0-2 are training entities; row 3 is a test entity with values never seen in training. */
    private static final FeatureTable MOVIES = new FeatureTable(List.of(
            new FeatureField("rate", Kind.CATEGORICAL),
            new FeatureField("genre", Kind.MULTI),
            new FeatureField("year", Kind.NUMERIC)),
            List.of(row("PG", List.of("Comedy", "Drama"), 1990.0),
                    row("R", List.of("Drama"), 1995.0),
                    row("PG", List.of(), Double.NaN),
                    row("NC-17", List.of("Western", "Drama"), 1999.0)));
    private static final int[] TRAIN = {0, 1, 2};

    @Test
    void vocabularyOrdersByTrainingFrequencyAndMapsUnknownsToZero() {
        Vocabulary v = Vocabulary.fit("genre", List.of("b", "a", "b", "c", "a", "b"), 1);
        assertEquals(List.of("b", "a", "c"), v.values());
        assertEquals(4, v.size());
        assertEquals(1, v.indexOf("b"));
        assertEquals(3, v.indexOf("c"));
        assertEquals(Vocabulary.OOV, v.indexOf("zzz"));
        assertEquals(Vocabulary.OOV, v.indexOf(null));
        assertNull(v.value(0));
        assertEquals("a", v.value(2));
        assertEquals(List.of("b", "a"), Vocabulary.fit("genre", List.of("b", "a", "b", "c", "a", "b"), 2).values());
    }

    @Test
    void encoderSeesOnlyTrainingEntities() {
        EncodedFeatures encoded = FeatureEncoder.fit(MOVIES, TRAIN, EncoderOptions.DEFAULTS).encode(MOVIES);
        int rate = encoded.fieldIndex("rate");
        int genre = encoded.fieldIndex("genre");
        assertEquals(3, encoded.fields().get(rate).cardinality());
        assertArrayEquals(new int[] {1}, encoded.indices(rate, 0));
        assertArrayEquals(new int[] {0}, encoded.indices(rate, 3), "NC-17 appears only on the test entity");
        assertArrayEquals(new int[] {2, 1}, encoded.indices(genre, 0), "Drama (2 rows) before Comedy (1 row)");
        assertArrayEquals(new int[] {0}, encoded.indices(genre, 2), "an empty list is the single OOV index");
        assertArrayEquals(new int[] {0, 1}, encoded.indices(genre, 3), "Western is unseen, Drama known");
        assertEquals(3, encoded.fields().get(genre).cardinality(), "the test-only genre adds no index");
    }

    @Test
    void numericBucketsAreTrainingQuantilesWithZeroForMissing() {
        double[] oneToHundred = new double[100];
        Arrays.setAll(oneToHundred, k -> k + 1);
        NumericBuckets buckets = NumericBuckets.fit("x", oneToHundred, 4);
        assertArrayEquals(new double[] {26, 51, 76}, buckets.boundaries());
        assertEquals(5, buckets.size());
        assertEquals(0, buckets.bucket(Double.NaN));
        assertEquals(1, buckets.bucket(-5));
        assertEquals(1, buckets.bucket(25.9));
        assertEquals(2, buckets.bucket(26));
        assertEquals(4, buckets.bucket(1000));
        assertArrayEquals(new double[] {2}, NumericBuckets.fit("x", new double[] {1, 1, 1, 2}, 4).boundaries(),
                "tied quantiles merge");
        EncodedFeatures encoded = FeatureEncoder.fit(MOVIES, TRAIN, EncoderOptions.DEFAULTS.withNumericBuckets(2))
                .encode(MOVIES);
        int year = encoded.fieldIndex("year");
        assertArrayEquals(new int[] {1, 2, 0, 2}, new int[] {encoded.indices(year, 0)[0], encoded.indices(year, 1)[0],
                encoded.indices(year, 2)[0], encoded.indices(year, 3)[0]});
    }

    @Test
    void minCountAndFieldSelectionApply() {
        FeatureEncoder encoder = FeatureEncoder.fit(MOVIES, TRAIN, EncoderOptions.DEFAULTS.withMinCount(2)
                .withFields("genre", "rate"));
        assertEquals(List.of("genre", "rate"), encoder.fields().stream().map(FieldEncoder::field).toList());
        CategoricalFieldEncoder genre = (CategoricalFieldEncoder) encoder.fields().get(0);
        assertEquals(List.of("Drama"), genre.vocabulary().values());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureEncoder.fit(MOVIES, TRAIN, EncoderOptions.DEFAULTS.withFields("director")));
        assertEquals("no feature field 'director'", e.getMessage());
    }

    @Test
    void jsonRoundTripEncodesIdentically() {
        FeatureEncoder encoder = FeatureEncoder.fit(MOVIES, TRAIN, EncoderOptions.DEFAULTS.withNumericBuckets(2));
        String json = encoder.toJson();
        assertTrue(json.contains("\"type\":\"numeric\""), json);
        FeatureEncoder back = FeatureEncoder.fromJson(json);
        EncodedFeatures a = encoder.encode(MOVIES);
        EncodedFeatures b = back.encode(MOVIES);
        for (int f = 0; f < 3; f++) {
            assertEquals(a.fields().get(f).cardinality(), b.fields().get(f).cardinality());
            for (int e = 0; e < 4; e++) {
                assertArrayEquals(a.indices(f, e), b.indices(f, e));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> FeatureEncoder.fromJson("{\"fields\": 3}"));
    }

    @Test
    void idFeatureMapsUnseenIdsToZero() {
        IdMap.Builder builder = IdMap.builder();
        List.of("u7", "u8", "u9").forEach(builder::add);
        IdMap ids = builder.build();
        FeatureTable table = IdFeatures.idsOnly(ids);
        EncodedFeatures encoded = FeatureEncoder.fit(table, new int[] {0, 1}, EncoderOptions.DEFAULTS).encode(table);
        int id = encoded.fieldIndex(IdFeatures.FIELD);
        assertEquals(3, encoded.fields().get(id).cardinality());
        assertEquals(0, encoded.indices(id, 2)[0], "u9 is not a training entity");
        assertTrue(encoded.indices(id, 0)[0] > 0);
    }

    @Test
    void wrongValueTypesAreRejectedWithTheFieldName() {
        CategoricalFieldEncoder single = new CategoricalFieldEncoder(new Vocabulary("rate", List.of("PG")), false);
        assertEquals("field 'rate' is single-valued but got a list [PG]",
                assertThrows(IllegalArgumentException.class, () -> single.encode(List.of("PG"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> single.encode(3.0));
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary("rate", List.of("PG", "PG")));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fit("rate", List.of(), 0));
    }

    private static Map<String, Object> row(String rate, List<String> genres, double year) {
        Map<String, Object> row = new HashMap<>();
        row.put("rate", rate);
        row.put("genre", new ArrayList<>(genres));
        row.put("year", year);
        return row;
    }
}
