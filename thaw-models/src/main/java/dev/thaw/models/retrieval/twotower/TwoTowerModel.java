package dev.thaw.models.retrieval.twotower;

import dev.thaw.data.task.FieldInput;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Activation;
import dev.thaw.engine.nn.Embedding;
import dev.thaw.engine.nn.Mlp;
import dev.thaw.engine.nn.Module;
import dev.thaw.engine.nn.Weights;
import dev.thaw.models.melu.FieldEmbeddings;
import dev.thaw.models.melu.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A two-tower retrieval model (Yi et al. 2019; Google's recommendation course, softmax DNN). The user
 * (query) tower concatenates one embedding per user feature field (multi-valued fields mean-pooled),
 * an optional user-ID embedding and the mean item-ID embedding of a bag of the user's known items,
 * then an MLP maps it to d. The item tower does the same with item feature fields and an optional
 * item-ID embedding. Both outputs are optionally L2-normalised; score = their dot product. The
 * history bag and the item-ID input share one item-ID table.
 */
public final class TwoTowerModel extends Module {
    private static final double NORM_EPS = 1e-12;

    private final TwoTowerConfig config;
    private final List<FieldSpec> userFields;
    private final List<FieldSpec> itemFields;
    private final int userCount;
    private final int itemCount;
    private final List<Embedding> userTables = new ArrayList<>();
    private final List<Embedding> itemTables = new ArrayList<>();
    private final Embedding userIds;
    private final Embedding itemIds;
    private final Mlp userTower;
    private final Mlp itemTower;

    /** A freshly initialised model for {@code userCount} users and {@code itemCount} items. */
    public TwoTowerModel(List<FieldSpec> userFields, List<FieldSpec> itemFields, int userCount, int itemCount,
                         TwoTowerConfig config, RandomGenerator rng) {
        this.config = config;
        this.userFields = List.copyOf(userFields);
        this.itemFields = List.copyOf(itemFields);
        this.userCount = userCount;
        this.itemCount = itemCount;
        if (userFields.isEmpty() && !config.userId() && config.historySize() == 0) {
            throw new IllegalArgumentException("the user tower has no input: give it user features, the user ID or "
                    + "a history bag");
        }
        if (itemFields.isEmpty() && !config.itemId()) {
            throw new IllegalArgumentException("the item tower has no input: give it item features or the item ID");
        }
        for (FieldSpec f : this.userFields) {
            userTables.add(child("user_" + f.name(), new Embedding(f.cardinality(), config.fieldDim(),
                    config.embeddingStd(), rng)));
        }
        for (FieldSpec f : this.itemFields) {
            itemTables.add(child("item_" + f.name(), new Embedding(f.cardinality(), config.fieldDim(),
                    config.embeddingStd(), rng)));
        }
        userIds = config.userId() ? child("user_id", new Embedding(userCount, config.idDim(), config.embeddingStd(),
                rng)) : null;
        itemIds = config.itemId() || config.historySize() > 0 ? child("item_id", new Embedding(itemCount,
                config.idDim(), config.embeddingStd(), rng)) : null;
        int userIn = userFields.size() * config.fieldDim() + (config.userId() ? config.idDim() : 0)
                + (config.historySize() > 0 ? config.idDim() : 0);
        int itemIn = itemFields.size() * config.fieldDim() + (config.itemId() ? config.idDim() : 0);
        userTower = child("user_tower", new Mlp(sizes(userIn, config), Activation.RELU, rng));
        itemTower = child("item_tower", new Mlp(sizes(itemIn, config), Activation.RELU, rng));
    }

    private static int[] sizes(int in, TwoTowerConfig config) {
        int[] sizes = new int[config.hidden().size() + 2];
        sizes[0] = in;
        for (int h = 0; h < config.hidden().size(); h++) {
            sizes[h + 1] = config.hidden().get(h);
        }
        sizes[sizes.length - 1] = config.dim();
        return sizes;
    }

    /** Query embeddings {@code [users.length, dim]} of users with their features and history bags. */
    public Tensor queries(Weights weights, TowerFeatures features, int[] users, HistoryBags history) {
        List<Tensor> parts = new ArrayList<>();
        if (!userFields.isEmpty()) {
            parts.add(fields(weights, userFields, userTables, features.userInputs(users), "user"));
        }
        if (userIds != null) {
            parts.add(userIds.lookup(weights, users));
        }
        if (config.historySize() > 0) {
            parts.add(itemIds.mean(weights, history.items(), history.offsets()));
        }
        return output(userTower.forward(weights, concat(parts)));
    }

    /** Item embeddings {@code [items.length, dim]}. */
    public Tensor items(Weights weights, TowerFeatures features, int[] items) {
        List<Tensor> parts = new ArrayList<>();
        if (!itemFields.isEmpty()) {
            parts.add(fields(weights, itemFields, itemTables, features.itemInputs(items), "item"));
        }
        if (config.itemId()) {
            parts.add(itemIds.lookup(weights, items));
        }
        return output(itemTower.forward(weights, concat(parts)));
    }

    private static Tensor fields(Weights weights, List<FieldSpec> specs, List<Embedding> tables,
                                 List<FieldInput> inputs, String side) {
        return FieldEmbeddings.concat(weights, specs, tables, inputs, side);
    }

    private static Tensor concat(List<Tensor> parts) {
        return parts.size() == 1 ? parts.get(0) : Ops.concat(parts, 1);
    }

    private Tensor output(Tensor x) {
        if (!config.normalize()) {
            return x;
        }
        Tensor norm = Ops.sqrt(Ops.addScalar(Ops.sum(Ops.square(x), 1, true), NORM_EPS));
        return Ops.div(x, norm);
    }

    /** The hyper-parameters. */
    public TwoTowerConfig config() {
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

    /** Number of users the user-ID table covers. */
    public int userCount() {
        return userCount;
    }

    /** Number of items of the corpus. */
    public int itemCount() {
        return itemCount;
    }
}
