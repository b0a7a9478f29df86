package dev.thaw.models;

import dev.thaw.data.task.FeatureBatch;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Weights;

/**
 * Adapting a {@link MetaModel} to one task: the local update on its support rows, then prediction;
 * and prediction by any {@link RatingModel} without adaptation.
 */
public final class Adaptation {
    private Adaptation() {
    }

    /**
     * The fast weights after the model's adaptation update on {@code support}; the current weights
     * when {@code support} is empty. Never changes the model.
     */
    public static Weights adapt(MetaModel model, FeatureBatch support) {
        if (support.size() == 0) {
            return Weights.current();
        }
        return model.adapt(Weights.current(), support, false);
    }

    /** Predicted ratings for {@code query}, after adapting on {@code support} when {@code localUpdate} is on. */
    public static float[] predict(MetaModel model, FeatureBatch support, FeatureBatch query, boolean localUpdate) {
        return predict(model, localUpdate ? adapt(model, support) : Weights.current(), query);
    }

    /** Predicted ratings for {@code query} with the model's current weights (no adaptation, no graph). */
    public static float[] predict(RatingModel model, FeatureBatch query) {
        return predict(model, Weights.current(), query);
    }

    private static float[] predict(RatingModel model, Weights weights, FeatureBatch query) {
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            Tensor out = model.predict(weights, query);
            return out.toFloatArray();
        }
    }
}
