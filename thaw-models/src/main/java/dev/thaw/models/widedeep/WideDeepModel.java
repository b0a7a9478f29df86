package dev.thaw.models.widedeep;

import dev.thaw.data.task.FeatureBatch;
import dev.thaw.data.task.FieldInput;
import dev.thaw.engine.DType;
import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Activation;
import dev.thaw.engine.nn.Embedding;
import dev.thaw.engine.nn.Mlp;
import dev.thaw.engine.nn.Module;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import dev.thaw.models.RatingModel;
import dev.thaw.models.melu.FieldEmbeddings;
import dev.thaw.models.melu.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Wide&amp;Deep (Cheng et al. 2016) over generic user and item fields, trained normally and never
 * adapted. Wide: a weight per field value plus a weight per (user value, item value) pair of every
 * user-field x item-field pair, hashed into {@link WideDeepConfig#crossBuckets()} (multi-valued
 * fields: the mean over their values and pairs). Deep: MeLU's field embeddings, concatenated,
 * then {@code hidden1 -> ReLU -> hidden2 -> ReLU -> 1}. Rating = wide + deep + global bias.
 */
public final class WideDeepModel extends Module implements RatingModel {
    private static final double WIDE_STD = 0.01;

    private final List<FieldSpec> userFields;
    private final List<FieldSpec> itemFields;
    private final List<Embedding> userDeep = new ArrayList<>();
    private final List<Embedding> itemDeep = new ArrayList<>();
    private final List<Embedding> userWide = new ArrayList<>();
    private final List<Embedding> itemWide = new ArrayList<>();
    private final Embedding crosses;
    private final Mlp deep;
    private final Parameter bias;
    private final int crossBuckets;

    /** A freshly initialised model; the global bias starts at {@code ratingMean}. */
    public WideDeepModel(List<FieldSpec> userFields, List<FieldSpec> itemFields, WideDeepConfig config,
                         double ratingMean, RandomGenerator rng) {
        if (userFields.isEmpty() || itemFields.isEmpty()) {
            throw new IllegalArgumentException("Wide&Deep needs at least one user and one item feature field");
        }
        this.userFields = List.copyOf(userFields);
        this.itemFields = List.copyOf(itemFields);
        this.crossBuckets = config.crossBuckets();
        addTables("user_", this.userFields, config, rng, userDeep, userWide);
        addTables("item_", this.itemFields, config, rng, itemDeep, itemWide);
        crosses = child("wide_crosses", new Embedding(crossBuckets, 1, WIDE_STD, rng));
        int in = (userFields.size() + itemFields.size()) * config.embeddingDim();
        deep = child("deep", new Mlp(new int[] {in, config.hidden1(), config.hidden2(), 1}, Activation.RELU, rng));
        bias = parameter("bias", Tensor.full(ratingMean, DType.FLOAT32, 1));
    }

    private void addTables(String prefix, List<FieldSpec> fields, WideDeepConfig config, RandomGenerator rng,
                           List<Embedding> deepTables, List<Embedding> wideTables) {
        for (FieldSpec f : fields) {
            deepTables.add(child("deep_" + prefix + f.name(), new Embedding(f.cardinality(), config.embeddingDim(),
                    config.embeddingStd(), rng)));
            wideTables.add(child("wide_" + prefix + f.name(), new Embedding(f.cardinality(), 1, WIDE_STD, rng)));
        }
    }

    @Override
    public Tensor predict(Weights weights, FeatureBatch batch) {
        List<FieldInput> users = batch.userFields();
        List<FieldInput> items = batch.itemFields();
        Tensor deepIn = Ops.concat(List.of(FieldEmbeddings.concat(weights, userFields, userDeep, users, "user"),
                FieldEmbeddings.concat(weights, itemFields, itemDeep, items, "item")), 1);
        Tensor wideIn = Ops.concat(List.of(FieldEmbeddings.concat(weights, userFields, userWide, users, "user"),
                FieldEmbeddings.concat(weights, itemFields, itemWide, items, "item"), cross(weights, users, items)), 1);
        Tensor out = Ops.add(deep.forward(weights, deepIn), Ops.sum(wideIn, 1, true));
        return Ops.add(Ops.reshape(out, batch.size()), weights.get(bias));
    }

    /** Per row, the sum over user-field x item-field pairs of the mean cross weight of the pair's values: [B, 1]. */
    private Tensor cross(Weights weights, List<FieldInput> users, List<FieldInput> items) {
        int rows = users.get(0).batchSize();
        int[][] userIds = users.stream().map(FieldInput::indices).toArray(int[][]::new);
        int[][] userOffsets = users.stream().map(FieldInput::offsets).toArray(int[][]::new);
        int[][] itemIds = items.stream().map(FieldInput::indices).toArray(int[][]::new);
        int[][] itemOffsets = items.stream().map(FieldInput::offsets).toArray(int[][]::new);
        int[] offsets = new int[rows + 1];
        for (int b = 0; b < rows; b++) {
            int count = 0;
            for (int[] uo : userOffsets) {
                for (int[] io : itemOffsets) {
                    count += (uo[b + 1] - uo[b]) * (io[b + 1] - io[b]);
                }
            }
            offsets[b + 1] = offsets[b] + count;
        }
        int[] ids = new int[offsets[rows]];
        float[] entryWeights = new float[ids.length];
        int k = 0;
        for (int b = 0; b < rows; b++) {
            for (int u = 0; u < userIds.length; u++) {
                int[] uo = userOffsets[u];
                for (int i = 0; i < itemIds.length; i++) {
                    int[] io = itemOffsets[i];
                    float w = 1f / ((uo[b + 1] - uo[b]) * (io[b + 1] - io[b]));
                    for (int x = uo[b]; x < uo[b + 1]; x++) {
                        for (int y = io[b]; y < io[b + 1]; y++) {
                            ids[k] = bucket(u * itemIds.length + i, userIds[u][x], itemIds[i][y]);
                            entryWeights[k++] = w;
                        }
                    }
                }
            }
        }
        return crosses.pooled(weights, ids, offsets, entryWeights);
    }

    /** The hashed bucket of value {@code x} of one field and {@code y} of another, in field pair {@code pair}. */
    private int bucket(int pair, int x, int y) {
        long h = mix(mix(mix(pair) + x) + y);
        return (int) Math.floorMod(h, (long) crossBuckets);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public Tensor loss(Weights weights, FeatureBatch batch) {
        return NN.mse(predict(weights, batch), batch.labels());
    }
}
