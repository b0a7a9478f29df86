package dev.thaw.models.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thaw.data.DataFingerprint;
import dev.thaw.data.FeatureTable;
import dev.thaw.data.FeatureTable.FeatureField;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What a service needs beside a model's weights, written into the model folder at train time
 * (file {@link #FILE}): provenance, the item catalogue with each item's raw features (to encode it
 * with the model's own encoder) and the onboarding evidence ranking.
 *
 * @param family          model family, e.g. {@code melu}
 * @param trainedAt       when training finished (ISO-8601 instant)
 * @param config          the training run's configuration (as written to its config.json)
 * @param dataFingerprint {@link DataFingerprint} of the training data
 * @param ratingScale     the ratings the model was trained on
 * @param itemFields      schema of the items' raw features
 * @param items           the catalogue, in the model's item index order
 * @param evidence        evidence items, best first
 */
public record ServingCatalogue(String family, String trainedAt, JsonNode config, String dataFingerprint,
                               RatingScale ratingScale, List<FeatureField> itemFields, List<CatalogueItem> items, List<EvidenceItem> evidence) {
    /** File name in a model folder. */
    public static final String FILE = "serving.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One item.
     *
     * @param id       the dataset's raw id
     * @param title    title, or the id when the dataset has none
     * @param genres   genres (empty when the dataset has none)
     * @param features raw feature values by field name (String, list of String, or number)
     */
    public record CatalogueItem(String id, String title, List<String> genres, Map<String, Object> features) {
    }

    /**
     * One evidence item.
     *
     * @param id    raw item id
     * @param score evidence score (higher reveals a new user's taste faster)
     */
    public record EvidenceItem(String id, double score) {
    }

    /**
     * The ratings a model accepts: {@code min..max} in multiples of {@code step} from {@code min}
     * (step 0: any value in the range).
     */
    public record RatingScale(double min, double max, double step) {
        /** The scale of a training log: its range, and step 1 or 0.5 when every value fits it, else 0. */
        static RatingScale of(Interactions log) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < log.size(); r++) {
                min = Math.min(min, log.value(r));
                max = Math.max(max, log.value(r));
            }
            for (double step : new double[] {1, 0.5}) {
                if (fits(log, min, step)) {
                    return new RatingScale(min, max, step);
                }
            }
            return new RatingScale(min, max, 0);
        }

        private static boolean fits(Interactions log, double min, double step) {
            for (int r = 0; r < log.size(); r++) {
                double steps = (log.value(r) - min) / step;
                if (Math.abs(steps - Math.rint(steps)) > 1e-6) {
                    return false;
                }
            }
            return true;
        }

        /** True when {@code rating} is on this scale. */
        public boolean accepts(double rating) {
            if (!(rating >= min && rating <= max)) {
                return false;
            }
            double steps = step == 0 ? 0 : (rating - min) / step;
            return Math.abs(steps - Math.rint(steps)) <= 1e-6;
        }
    }

    public ServingCatalogue {
        itemFields = List.copyOf(itemFields);
        items = List.copyOf(items);
        evidence = List.copyOf(evidence);
    }

    /**
     * The catalogue of {@code dataset}'s items (which must have a feature table) with the {@code
     * evidenceCount} best-scored items of {@code evidenceScores} (one score per item index).
     */
    public static ServingCatalogue of(String family, Object config, RecDataset dataset, double[] evidenceScores,
                                      int evidenceCount) {
        FeatureTable features = dataset.itemFeatures().orElseThrow(
                () -> new IllegalArgumentException("dataset " + dataset.name() + " has no item features to serve"));
        List<String> ids = dataset.interactions().items().rawIds();
        if (evidenceScores.length != ids.size() || features.size() != ids.size()) {
            throw new IllegalArgumentException(ids.size() + " items but " + features.size() + " feature rows and "
                    + evidenceScores.length + " evidence scores");
        }
        List<String> titles = dataset.itemTitles().orElse(List.of());
        String genreField = genreField(features);
        List<CatalogueItem> items = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Object> row = features.rows().get(i);
            items.add(new CatalogueItem(ids.get(i), i < titles.size() ? titles.get(i) : ids.get(i),
                    genreField == null ? List.of() : asList(row.get(genreField)), row));
        }
        List<EvidenceItem> evidence = IntStream.range(0, ids.size()).boxed()
                .sorted((a, b) -> Double.compare(evidenceScores[b], evidenceScores[a])).limit(evidenceCount)
                .map(i -> new EvidenceItem(ids.get(i), evidenceScores[i])).toList();
        return new ServingCatalogue(family, Instant.now().toString(), JSON.valueToTree(config),
                DataFingerprint.of(dataset), RatingScale.of(dataset.interactions()), features.fields(), items, evidence);
    }

    /** The items' raw features as a table (numbers as doubles, missing numbers NaN), in catalogue order. */
    public FeatureTable itemFeatures() {
        List<Map<String, Object>> rows = new ArrayList<>(items.size());
        for (CatalogueItem item : items) {
            Map<String, Object> row = new HashMap<>();
            for (FeatureField field : itemFields) {
                Object value = item.features().get(field.name());
                switch (field.kind()) {
                    case NUMERIC -> row.put(field.name(), value instanceof Number n ? n.doubleValue() : Double.NaN);
                    case MULTI -> row.put(field.name(), asList(value));
                    case CATEGORICAL -> {
                        if (value != null) {
                            row.put(field.name(), value.toString());
                        }
                    }
                }
            }
            rows.add(row);
        }
        return new FeatureTable(itemFields, rows);
    }

    /** The field holding genres: {@code genres} if present, else {@code genre}, else none. */
    private static String genreField(FeatureTable features) {
        for (String name : List.of("genres", "genre")) {
            if (features.fields().stream().anyMatch(f -> f.name().equals(name))) {
                return name;
            }
        }
        return null;
    }

    private static List<String> asList(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(Object::toString).toList();
        }
        return value == null ? List.of() : List.of(value.toString());
    }
}
