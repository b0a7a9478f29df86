package dev.thaw.service.model;

import dev.thaw.models.serving.ServingCatalogue;
import java.util.List;
import java.util.Map;

/**
 * What the service needs from a trained model of any family: its catalogue (items, evidence,
 * provenance), the user feature fields it reads, and adaptation plus scoring. Implementations are
 * immutable and thread-safe; a new model is a new instance.
 */
public interface ServingModel {
    /** Items, evidence ranking, rating scale and provenance written at train time. */
    ServingCatalogue catalogue();

    /** The user feature fields the model reads, with their known values. */
    List<UserField> userFields();

    /**
     * Predicted scores of {@code candidates} (catalogue indices) for a user with raw features
     * {@code userFeatures} (field name to value; unknown values take the out-of-vocabulary path)
     * after adapting to {@code ratings} of {@code ratedItems}.
     *
     * @throws IllegalArgumentException when a feature value cannot be read (e.g. a non-number for a numeric field)
     */
    float[] scores(Map<String, String> userFeatures, int[] ratedItems, float[] ratings, int[] candidates);

    /**
     * A user feature field.
     *
     * @param name   field name
     * @param kind   {@code categorical}, {@code multi} or {@code numeric}
     * @param values known values (empty for numeric fields)
     */
    record UserField(String name, String kind, List<String> values) {
    }
}
