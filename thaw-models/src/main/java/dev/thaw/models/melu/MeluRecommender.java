package dev.thaw.models.melu;

import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.features.FieldEncoder;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.FieldInput;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.meta.InnerLoop;
import dev.thaw.engine.nn.Linear;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Serving view of a {@link TrainedMelu} over a fixed item catalogue: takes a new user's features
 * and a few (item, rating) pairs, runs MeLU's local update on the decision layers and scores
 * candidate items. Every call is pure and thread-safe: the trained model is never changed.
 *
 * <p>Item embeddings are not adapted, so they and their share of the first decision layer
 * ({@link MeluModel#itemTerm}) are computed once here, with the embeddings' transpose. The local
 * update changes that layer's item rows only by gradient steps {@code -alpha X^T delta}, where X
 * holds the S rated items' embeddings: the change is {@code X^T D} for an S x hidden1 matrix D,
 * which this class tracks instead of the full rows. Likewise the layer's user rows and bias are
 * tracked through the user's share of its pre-activation. Scoring N candidates then costs
 * {@code N x S} extra products instead of redoing the {@code N x itemDim x hidden1} product, and
 * {@link BlockScorer} runs it block by block in cache-sized buffers, with the same result as the
 * plain local update up to float rounding.
 */
public final class MeluRecommender {
    private final TrainedMelu trained;
    private final Tensor itemRows;
    private final Tensor itemTerms;
    private final BlockScorer.Candidates catalogue;

    /** A recommender over {@code items}, encoded with the trained model's item encoder. */
    public MeluRecommender(TrainedMelu trained, EncodedFeatures items) {
        this.trained = trained;
        int[] all = IntStream.range(0, items.entityCount()).toArray();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            this.itemRows = trained.model().itemEmbedding(Weights.current(), BatchEncoder.fieldInputs(items, all));
            this.itemTerms = trained.model().itemTerm(Weights.current(), itemRows);
            this.catalogue = new BlockScorer.Candidates(itemTerms, Ops.transpose(itemRows, 0, 1));
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
            user = model.userEmbedding(Weights.current(), encodeUser(trained.userEncoder(), userFeatures));
        }
        Adapted adapted;
        if (ratedItems.length == 0) {
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                adapted = new Adapted(Weights.current(), model.userTerm(Weights.current(), user), null);
            }
        } else {
            adapted = adapt(model, user, ratedItems, Tensor.of(ratings.clone(), ratings.length));
        }
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            return new BlockScorer(model, adapted.weights(), adapted.userTerm(), adapted.change())
                    .scores(candidates(candidates));
        }
    }

    /**
     * The local update (first order, as at adaptation time): plain steps on the decision layers
     * after the first. The first layer's steps are tracked by their effect instead (its rows are
     * never materialised): its item rows change by {@code X^T D}, and a step of its user rows
     * ({@code -alpha u^T g}, g the gradient of the loss with respect to the user's term) and bias
     * ({@code -alpha g}) moves the user's term by {@code -alpha (|u|^2 + 1) g}. Each step's tensors
     * are fresh leaves, so no graph is kept between steps.
     */
    private Adapted adapt(MeluModel model, Tensor user, int[] rated, Tensor target) {
        InnerLoop update = model.adaptationUpdate();
        List<Parameter> later = laterLayerParameters(model, update);
        Linear first = model.decisionLayers().getFirst();
        int[] laterIndex = later.stream().mapToInt(update.adapted()::indexOf).toArray();
        int weightIndex = update.adapted().indexOf(first.weight());
        int biasIndex = update.adapted().indexOf(first.bias());
        Tensor ratedRows = Ops.gatherRows(itemRows, rated);
        Tensor ratedTerms = Ops.gatherRows(itemTerms, rated);
        Tensor ratedGram = Ops.matmul(ratedRows, ratedRows, false, true);
        Tensor d = Tensor.zeros(ratedTerms.dtype(), ratedTerms.shape());
        Tensor userTerm;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            userTerm = model.userTerm(Weights.current(), user).requireGrad();
        }
        double userNormSquared = Ops.sum(Ops.square(user)).item();
        double scale = model.stepScaleValue(rated.length);
        Weights w = Weights.current();
        for (int step = 0; step < update.steps(); step++) {
            Tensor terms;
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                terms = Ops.add(ratedTerms, Ops.matmul(ratedGram, d)).detach().requireGrad();
            }
            List<Tensor> current = new ArrayList<>(later.stream().map(w::get).toList());
            current.add(userTerm);
            current.add(terms);
            List<Tensor> grads = Autograd.grad(NN.mse(model.decideFromTerms(w, userTerm, terms), target), current,
                    false);
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                Map<Parameter, Tensor> next = new IdentityHashMap<>();
                for (int i = 0; i < later.size(); i++) {
                    next.put(later.get(i), Ops.addScaled(current.get(i), grads.get(i),
                            -update.rateValue(step, laterIndex[i]) * scale).requireGrad());
                }
                w = w.with(next);
                double weightRate = update.rateValue(step, weightIndex) * scale;
                double biasRate = update.rateValue(step, biasIndex) * scale;
                userTerm = Ops.addScaled(userTerm, grads.get(later.size()),
                        -(weightRate * userNormSquared + biasRate)).requireGrad();
                d = Ops.addScaled(d, grads.getLast(), -weightRate);
            }
        }
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            Tensor fitted = model.decideFromTerms(w, userTerm, Ops.add(ratedTerms, Ops.matmul(ratedGram, d)));
            return new Adapted(model.withUserOffset(w, fitted, target), userTerm,
                    new BlockScorer.LowRankChange(ratedRows, d));
        }
    }

    /** The adapted parameters other than the first decision layer's, whose steps {@link #adapt} tracks. */
    private static List<Parameter> laterLayerParameters(MeluModel model, InnerLoop update) {
        Linear first = model.decisionLayers().getFirst();
        if (!update.adapted().contains(first.weight()) || !update.adapted().contains(first.bias())) {
            throw new IllegalStateException("MeLU's local update must adapt the first decision layer");
        }
        return update.adapted().stream().filter(p -> p != first.weight() && p != first.bias()).toList();
    }

    /** The candidates' first-layer inputs: precomputed for the whole catalogue, else gathered. */
    private BlockScorer.Candidates candidates(int[] candidates) {
        if (isWholeCatalogue(candidates)) {
            return catalogue;
        }
        return new BlockScorer.Candidates(Ops.gatherRows(itemTerms, candidates),
                Ops.transpose(Ops.gatherRows(itemRows, candidates), 0, 1));
    }

    private boolean isWholeCatalogue(int[] candidates) {
        if (candidates.length != itemCount()) {
            return false;
        }
        for (int i = 0; i < candidates.length; i++) {
            if (candidates[i] != i) {
                return false;
            }
        }
        return true;
    }

    /**
     * The local update's result: weights of the layers after the first, the user's share of the
     * first layer's pre-activation, and the change of the first layer's item rows (null: none).
     */
    private record Adapted(Weights weights, Tensor userTerm, BlockScorer.LowRankChange change) {
    }

    /** One user's raw features as model inputs; unknown values take the out-of-vocabulary index. */
    static List<FieldInput> encodeUser(FeatureEncoder userEncoder, Map<String, Object> features) {
        List<FieldInput> fields = new ArrayList<>();
        for (FieldEncoder encoder : userEncoder.fields()) {
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
