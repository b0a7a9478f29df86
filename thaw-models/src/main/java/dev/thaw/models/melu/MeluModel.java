package dev.thaw.models.melu;

import dev.thaw.data.task.FeatureBatch;
import dev.thaw.data.task.FieldInput;
import dev.thaw.engine.DType;
import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.meta.InnerLoop;
import dev.thaw.engine.nn.Activation;
import dev.thaw.engine.nn.Embedding;
import dev.thaw.engine.nn.Linear;
import dev.thaw.engine.nn.Mlp;
import dev.thaw.engine.nn.Module;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import dev.thaw.models.MetaModel;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * MeLU (Lee et al., KDD 2019): one embedding table per generic user and item feature field
 * (multi-valued fields mean-pooled), all concatenated, then decision layers
 * {@code hidden1 -> ReLU -> hidden2 -> ReLU -> 1}. No user or item ID embeddings. The local update
 * changes only the decision layers; the global update changes everything. With
 * {@link MeluConfig#learnedInnerRates()} the local step sizes are parameters too ({@code inner_rates},
 * [training local steps, decision tensors]), meta-learned with everything else. With
 * {@link MeluConfig#userBias()} the adapted model adds a per-user rating offset solved in closed form
 * after the local steps: {@code sum(support residuals) / (support size + lambda)}, a ridge estimate
 * of the user's bias (as in closed-form meta-learning heads, Bertinetto et al., ICLR 2019), with
 * {@code lambda = exp(user_bias_log_shrinkage)} meta-learned; the prior model's offset
 * ({@code user_bias}, a learned global shift) is what a user without ratings gets.
 */
public final class MeluModel extends Module implements MetaModel {
    /** Initial lambda of the user offset: the shrinkage of the shrunk support-mean baseline. */
    static final double INITIAL_SHRINKAGE = 5;

    private final MeluConfig config;
    private final List<FieldSpec> userFields;
    private final List<FieldSpec> itemFields;
    private final List<Embedding> userEmbeddings = new ArrayList<>();
    private final List<Embedding> itemEmbeddings = new ArrayList<>();
    private final Mlp decision;
    private final Parameter innerRates;
    private final Parameter userBias;
    private final Parameter logShrinkage;
    private final Parameter logSupportShrinkage;

    /**
     * A freshly initialised model. The output bias starts at {@code ratingMean} (the training mean
     * rating) so that meta-training does not spend its first steps learning the rating scale.
     */
    public MeluModel(List<FieldSpec> userFields, List<FieldSpec> itemFields, MeluConfig config, double ratingMean,
                     RandomGenerator rng) {
        if (userFields.isEmpty() || itemFields.isEmpty()) {
            throw new IllegalArgumentException("MeLU needs at least one user and one item feature field");
        }
        this.config = config;
        this.userFields = List.copyOf(userFields);
        this.itemFields = List.copyOf(itemFields);
        for (FieldSpec f : this.userFields) {
            userEmbeddings.add(child("user_" + f.name(), new Embedding(f.cardinality(), config.embeddingDim(),
                    config.embeddingStd(), rng)));
        }
        for (FieldSpec f : this.itemFields) {
            itemEmbeddings.add(child("item_" + f.name(), new Embedding(f.cardinality(), config.embeddingDim(),
                    config.embeddingStd(), rng)));
        }
        int in = (userFields.size() + itemFields.size()) * config.embeddingDim();
        decision = child("decision", new Mlp(new int[] {in, config.hidden1(), config.hidden2(), 1}, Activation.RELU,
                rng));
        decision.layers().get(2).bias().set(Tensor.full(ratingMean, DType.FLOAT32, 1));
        innerRates = config.learnedInnerRates() ? parameter("inner_rates", Tensor.full(config.innerLearningRate(),
                DType.FLOAT32, config.trainLocalSteps(), decision.parameters().size())) : null;
        userBias = config.userBias() ? parameter("user_bias", Tensor.zeros(DType.FLOAT32, 1)) : null;
        logShrinkage = config.userBias() ? parameter("user_bias_log_shrinkage",
                Tensor.full(Math.log(INITIAL_SHRINKAGE), DType.FLOAT32, 1)) : null;
        logSupportShrinkage = config.supportShrinkage() ? parameter("support_log_shrinkage",
                Tensor.full(Math.log(INITIAL_SHRINKAGE), DType.FLOAT32, 1)) : null;
    }

    /** The hyper-parameters. */
    public MeluConfig config() {
        return config;
    }

    /** The user feature fields, in input order. */
    public List<FieldSpec> userFields() {
        return userFields;
    }

    /** The item feature fields, in input order. */
    public List<FieldSpec> itemFields() {
        return itemFields;
    }

    /** The concatenated user field embeddings [B, userFields * dim]. */
    public Tensor userEmbedding(Weights weights, List<FieldInput> fields) {
        return FieldEmbeddings.concat(weights, userFields, userEmbeddings, fields, "user");
    }

    /** The concatenated item field embeddings [B, itemFields * dim]. */
    public Tensor itemEmbedding(Weights weights, List<FieldInput> fields) {
        return FieldEmbeddings.concat(weights, itemFields, itemEmbeddings, fields, "item");
    }

    /** Model input rows [B, D]: user then item embeddings, joined in one concatenation. */
    public Tensor features(Weights weights, FeatureBatch batch) {
        List<Tensor> parts = new ArrayList<>(FieldEmbeddings.parts(weights, userFields, userEmbeddings,
                batch.userFields(), "user"));
        parts.addAll(FieldEmbeddings.parts(weights, itemFields, itemEmbeddings, batch.itemFields(), "item"));
        return Ops.concat(parts, 1);
    }

    /**
     * Ratings from input rows: x [B, D] gives [B]; with task-batched decision weights, x
     * [T, R, D] gives [T, R].
     */
    public Tensor decide(Weights weights, Tensor x) {
        Tensor out = decision.forward(weights, x);
        int[] shape = out.shape();
        return withUserBias(weights, Ops.reshape(out, java.util.Arrays.copyOf(shape, shape.length - 1)));
    }

    /** Ratings plus the user offset, when the model has one ([1], or [T, 1] for task-batched weights). */
    private Tensor withUserBias(Weights weights, Tensor ratings) {
        return userBias == null ? ratings : Ops.add(ratings, weights.get(userBias));
    }

    /**
     * Ratings of one user for many items, the same as {@link #decide} on their concatenated rows
     * but with the first decision layer split into its user and item blocks, so the user's block
     * is computed once and no [N, D] input is built: user [1, userDim], items [N, itemDim] gives [N].
     */
    public Tensor decideForUser(Weights weights, Tensor user, Tensor items) {
        return decideFromItemTerm(weights, user, itemTerm(weights, items));
    }

    /**
     * The item block of the first decision layer applied to item rows: items [N, itemDim] times
     * the layer's item weight rows gives the items' share [N, hidden1] of its pre-activation.
     */
    public Tensor itemTerm(Weights weights, Tensor items) {
        Tensor w = weights.get(decision.layers().get(0).weight());
        int userDim = userFields.size() * config.embeddingDim();
        return Ops.matmulRows(items, w, userDim, w.dim(0) - userDim, false);
    }

    /**
     * Ratings of one user from the items' precomputed {@link #itemTerm} [N, hidden1]; only the
     * first layer's user rows and bias and the later layers are read from {@code weights}.
     */
    public Tensor decideFromItemTerm(Weights weights, Tensor user, Tensor itemTerm) {
        return decideFromTerms(weights, userTerm(weights, user), itemTerm);
    }

    /**
     * Ratings from the first decision layer's two shares of the pre-activation, {@link #userTerm}
     * [1, hidden1] and {@link #itemTerm} [N, hidden1]; only the later layers are read from
     * {@code weights}.
     */
    Tensor decideFromTerms(Weights weights, Tensor userTerm, Tensor itemTerm) {
        List<Linear> layers = decision.layers();
        Tensor h = Ops.relu(Ops.add(itemTerm, userTerm));
        for (int i = 1; i < layers.size(); i++) {
            h = layers.get(i).forward(weights, h);
            if (i + 1 < layers.size()) {
                h = Ops.relu(h);
            }
        }
        return withUserBias(weights, Ops.reshape(h, h.dim(0)));
    }

    /**
     * The user block of the first decision layer plus its bias: user [1, userDim] gives the
     * user's share [1, hidden1] of the pre-activation, which {@link #itemTerm} rows complete.
     */
    Tensor userTerm(Weights weights, Tensor user) {
        Linear first = decision.layers().get(0);
        Tensor w = weights.get(first.weight());
        return Ops.add(Ops.matmulRows(user, w, 0, user.dim(1), false), weights.get(first.bias()));
    }

    /** The user rating offset in {@code weights} (0 for a model without one). */
    float userOffset(Weights weights) {
        return userBias == null ? 0 : (float) weights.get(userBias).get(0);
    }

    /** The decision layers in order; ReLU follows every layer but the last. */
    List<Linear> decisionLayers() {
        return decision.layers();
    }

    @Override
    public Tensor predict(Weights weights, FeatureBatch batch) {
        return decide(weights, features(weights, batch));
    }

    @Override
    public Tensor loss(Weights weights, FeatureBatch batch) {
        return NN.mse(predict(weights, batch), batch.labels());
    }

    @Override
    public Tensor taskBatchedLoss(Weights weights, List<FeatureBatch> batches) {
        PaddedTasks padded = PaddedTasks.of(this, weights, batches);
        Tensor err = Ops.sub(decide(weights, padded.inputs()), padded.labels());
        return Ops.sum(Ops.mul(Ops.square(err), padded.rowWeights()));
    }

    /**
     * Several tasks' rows padded to the longest: inputs [T, R, D], labels [T, R], row weights
     * [T, R] (1 / task size on real rows, 0 on padding) and task sizes [T, 1].
     */
    private record PaddedTasks(Tensor inputs, Tensor labels, Tensor rowWeights, Tensor sizes) {
        static PaddedTasks of(MeluModel model, Weights weights, List<FeatureBatch> batches) {
            int tasks = batches.size();
            int rows = batches.stream().mapToInt(FeatureBatch::size).max().orElseThrow();
            List<Tensor> inputs = new ArrayList<>(tasks);
            List<Tensor> labels = new ArrayList<>(tasks);
            float[] rowWeight = new float[tasks * rows];
            float[] sizes = new float[tasks];
            for (int t = 0; t < tasks; t++) {
                FeatureBatch b = batches.get(t);
                int pad = rows - b.size();
                Tensor x = model.features(weights, b);
                inputs.add(Ops.reshape(pad == 0 ? x : Ops.pad(x, 0, 0, pad), 1, rows, x.dim(1)));
                labels.add(pad == 0 ? b.labels() : Ops.pad(b.labels(), 0, 0, pad));
                java.util.Arrays.fill(rowWeight, t * rows, t * rows + b.size(), 1f / b.size());
                sizes[t] = b.size();
            }
            return new PaddedTasks(Ops.concat(inputs, 0), Ops.reshape(Ops.concat(labels, 0), tasks, rows),
                    Tensor.wrap(rowWeight, tasks, rows), Tensor.wrap(sizes, tasks, 1));
        }
    }

    @Override
    public Weights adapt(Weights start, FeatureBatch support, boolean training) {
        return adaptOnRows(start, features(start, support), support.labels(), training);
    }

    /**
     * The local update on input rows x [S, D] with their ratings [S] (training: the training
     * update, else the adaptation update), followed by the closed-form user offset when configured.
     */
    public Weights adaptOnRows(Weights start, Tensor x, Tensor ratings, boolean training) {
        InnerLoop inner = training ? trainingUpdate() : adaptationUpdate();
        Weights fast = inner.adapt(start, w -> NN.mse(decide(w, x), ratings), stepScale(start, ratings.dim(0)));
        return userBias == null ? fast : withUserOffset(fast, decide(fast, x), ratings);
    }

    /**
     * The local steps' scale for a support of {@code size} ratings: size / (size + kappa) with
     * {@link MeluConfig#supportShrinkage} (kappa read from {@code weights}, so the meta-gradient
     * reaches it), else null (no scaling).
     */
    public Tensor stepScale(Weights weights, int size) {
        return logSupportShrinkage == null ? null
                : supportScale(weights, Tensor.scalar(size, weights.get(logSupportShrinkage).dtype()));
    }

    /** The value of {@link #stepScale} with the current weights: 1 without support shrinkage. */
    public double stepScaleValue(int size) {
        return logSupportShrinkage == null ? 1 : size / (size + Math.exp(logSupportShrinkage.value().get(0)));
    }

    /** size / (size + kappa), shapes broadcast. */
    private Tensor supportScale(Weights weights, Tensor size) {
        return Ops.div(size, Ops.add(size, Ops.exp(weights.get(logSupportShrinkage))));
    }

    /**
     * {@code fast} with the closed-form user offset added, from the predictions [S] that {@code fast}
     * makes for the support ratings [S]; {@code fast} itself when the model has no user offset.
     */
    public Weights withUserOffset(Weights fast, Tensor supportPredictions, Tensor ratings) {
        if (userBias == null) {
            return fast;
        }
        Tensor residualSum = Ops.sum(Ops.sub(ratings, supportPredictions));
        return shiftUserBias(fast, residualSum, Tensor.full(ratings.dim(0), residualSum.dtype(), 1));
    }

    @Override
    public Weights adaptBatched(Weights start, List<FeatureBatch> supports) {
        Tensor scales = null;
        if (logSupportShrinkage != null) {
            float[] sizes = new float[supports.size()];
            for (int t = 0; t < sizes.length; t++) {
                sizes[t] = supports.get(t).size();
            }
            scales = supportScale(start, Tensor.wrap(sizes, sizes.length));
        }
        Weights fast = trainingUpdate().adaptBatched(start, supports.size(), w -> taskBatchedLoss(w, supports), scales);
        if (userBias == null) {
            return fast;
        }
        PaddedTasks padded = PaddedTasks.of(this, start, supports);
        Tensor residuals = Ops.mul(Ops.sub(padded.labels(), decide(fast, padded.inputs())),
                Ops.mul(padded.rowWeights(), padded.sizes()));
        return shiftUserBias(fast, Ops.sum(residuals, 1, true), padded.sizes());
    }

    /** {@code fast} with the user offset moved by residualSum / (size + lambda) (shapes broadcast per task). */
    private Weights shiftUserBias(Weights fast, Tensor residualSum, Tensor size) {
        Tensor lambda = Ops.exp(fast.get(logShrinkage));
        Tensor offset = Ops.div(residualSum, Ops.add(size, lambda));
        return fast.with(java.util.Map.of(userBias, Ops.add(fast.get(userBias), offset)));
    }

    @Override
    public List<Parameter> localParameters() {
        return List.copyOf(decision.parameters().values());
    }

    @Override
    public InnerLoop trainingUpdate() {
        return new InnerLoop(localParameters(), config.innerLearningRate(), config.trainLocalSteps(),
                config.secondOrder(), innerRates);
    }

    @Override
    public InnerLoop adaptationUpdate() {
        return new InnerLoop(localParameters(), config.innerLearningRate(), config.adaptLocalSteps(), false,
                innerRates);
    }
}
