package dev.thaw.models.melu;

import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.FieldEncoder;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.FieldInput;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Serving view of a {@link TrainedMelu} over a fixed item catalogue: takes a new user's features
 * and a few (item, rating) pairs, runs MeLU's local update on the decision layers and scores
 * candidate items. Item embeddings are not adapted, so they are computed once here. Every call is
 * pure and thread-safe: the trained model is never changed.
 */
public final class MeluRecommender {
    private final TrainedMelu trained;
    private final Tensor itemRows;

    /** A recommender over {@code items}, encoded with the trained model's item encoder. */
    public MeluRecommender(TrainedMelu trained, EncodedFeatures items) {
        this.trained = trained;
        int[] all = IntStream.range(0, items.entityCount()).toArray();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            this.itemRows = trained.model().itemEmbedding(Weights.current(), BatchEncoder.fieldInputs(items, all));
        }
    }

    /** Number of items in the catalogue. */
    public int itemCount() {
        return itemRows.dim(0);
    }

    /**
     * Predicted ratings of {@code candidates} for a user with raw features {@code userFeatures}
     * (field name to value, as in the training feature table; unknown values map to the
     * out-of-vocabulary index) after the local update on the rated items; with no ratings, the
     * model's prior prediction.
     */
    public float[] scores(Map<String, Object> userFeatures, int[] ratedItems, float[] ratings, int[] candidates) {
        if (ratedItems.length != ratings.length) {
            throw new IllegalArgumentException(ratedItems.length + " rated items but " + ratings.length + " ratings");
        }
        checkItems(ratedItems);
        checkItems(candidates);
        MeluModel model = trained.model();
        Tensor user;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            user = model.userEmbedding(Weights.current(), encodeUser(userFeatures));
        }
        Weights weights = Weights.current();
        if (ratedItems.length > 0) {
            Tensor supportItems = Ops.gatherRows(itemRows, ratedItems);
            Tensor target = Tensor.of(ratings.clone(), ratings.length);
            weights = model.adaptationUpdate().adapt(Weights.current(),
                    w -> NN.mse(model.decideForUser(w, user, supportItems), target));
        }
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            return model.decideForUser(weights, user, Ops.gatherRows(itemRows, candidates)).toFloatArray();
        }
    }

    private List<FieldInput> encodeUser(Map<String, Object> features) {
        List<FieldInput> fields = new ArrayList<>();
        for (FieldEncoder encoder : trained.userEncoder().fields()) {
            int[] indices = encoder.encode(features.get(encoder.field()));
            fields.add(new FieldInput(encoder.field(), encoder.multiValued(), encoder.cardinality(), indices,
                    new int[] {0, indices.length}));
        }
        return fields;
    }

    private void checkItems(int[] items) {
        for (int item : items) {
            if (item < 0 || item >= itemCount()) {
                throw new IllegalArgumentException("item index " + item + " outside the catalogue 0.." + (itemCount() - 1));
            }
        }
    }
}
