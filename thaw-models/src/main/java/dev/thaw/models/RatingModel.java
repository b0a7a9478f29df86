package dev.thaw.models;

import dev.thaw.data.task.FeatureBatch;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import java.util.Map;

/** A model that predicts a rating per batch row from the weights it is given. */
public interface RatingModel {
    /** Every parameter by dotted path (implemented by {@link dev.thaw.engine.nn.Module}). */
    Map<String, Parameter> parameters();

    /** Predicted ratings [B] for the rows of a batch. */
    Tensor predict(Weights weights, FeatureBatch batch);

    /** Mean squared error of {@link #predict} against the batch labels. */
    Tensor loss(Weights weights, FeatureBatch batch);
}
