package dev.thaw.service.model;

import dev.thaw.data.features.CategoricalFieldEncoder;
import dev.thaw.data.features.FieldEncoder;
import dev.thaw.data.features.NumericFieldEncoder;
import dev.thaw.models.melu.MeluRecommender;
import dev.thaw.models.melu.TrainedMelu;
import dev.thaw.models.serving.ServingCatalogue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A MeLU model served through {@link MeluRecommender} (local update on the decision layers). */
final class MeluServingModel implements ServingModel {
    private final ServingCatalogue catalogue;
    private final TrainedMelu trained;
    private final MeluRecommender recommender;
    private final List<UserField> userFields;

    MeluServingModel(TrainedMelu trained, ServingCatalogue catalogue) {
        this.catalogue = catalogue;
        this.trained = trained;
        this.recommender = new MeluRecommender(trained, trained.itemEncoder().encode(catalogue.itemFeatures()));
        this.userFields = trained.userEncoder().fields().stream().map(MeluServingModel::describe).toList();
    }

    private static UserField describe(FieldEncoder encoder) {
        return switch (encoder) {
            case CategoricalFieldEncoder c -> new UserField(c.field(), c.multiValued() ? "multi" : "categorical",
                    c.vocabulary().values());
            case NumericFieldEncoder n -> new UserField(n.field(), "numeric", List.of());
        };
    }

    @Override
    public ServingCatalogue catalogue() {
        return catalogue;
    }

    @Override
    public List<UserField> userFields() {
        return userFields;
    }

    @Override
    public float[] scores(Map<String, String> userFeatures, int[] ratedItems, float[] ratings, int[] candidates) {
        return recommender.scores(rawFeatures(userFeatures), ratedItems, ratings, candidates);
    }

    /** API strings as the raw values the encoders read: numbers for numeric fields, lists for multi-valued ones. */
    private Map<String, Object> rawFeatures(Map<String, String> features) {
        Map<String, Object> raw = new HashMap<>();
        for (FieldEncoder encoder : trained.userEncoder().fields()) {
            String value = features.get(encoder.field());
            if (value == null) {
                continue;
            }
            raw.put(encoder.field(), switch (encoder) {
                case NumericFieldEncoder n -> parseNumber(n.field(), value);
                case CategoricalFieldEncoder c -> c.multiValued() ? List.of(value) : value;
            });
        }
        return raw;
    }

    private static Double parseNumber(String field, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("feature '" + field + "' must be a number, got '" + value + "'");
        }
    }
}
