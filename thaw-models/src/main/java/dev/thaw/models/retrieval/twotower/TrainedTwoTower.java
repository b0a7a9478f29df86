package dev.thaw.models.retrieval.twotower;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.split.UserItems;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.io.Checkpoint;
import dev.thaw.engine.nn.Weights;
import dev.thaw.models.melu.FieldSpec;
import dev.thaw.models.retrieval.Retriever;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A trained two-tower model as a {@link Retriever}: an immutable snapshot of the weights, the
 * feature encoders (vocabularies) and encoded features it reads, and the item tower's output for the
 * whole corpus, computed once. Query embeddings pool each user's items from the {@code history}
 * given to {@link #queryEmbeddings} (at most {@link TwoTowerConfig#historySize()}, a subset fixed per
 * user). Thread-safe.
 */
public final class TrainedTwoTower implements Retriever {
    /** File name of the user feature encoder in a checkpoint (absent without user features). */
    public static final String USER_FEATURES_FILE = "user-features.json";
    /** File name of the item feature encoder in a checkpoint (absent without item features). */
    public static final String ITEM_FEATURES_FILE = "item-features.json";
    private static final int QUERY_CHUNK = 1024;

    private final String name;
    private final TwoTowerModel model;
    private final Encoders encoders;
    private final TowerFeatures features;
    private final float[] itemEmbeddings;

    /**
     * The feature encoders behind a model's inputs, either possibly null (no features on that side).
     *
     * @param users encoder of user features
     * @param items encoder of item features
     */
    public record Encoders(FeatureEncoder users, FeatureEncoder items) {
        /**
         * Encoders fitted on every row of the tables (null for none). Side features of the corpus's
         * users and items carry no held-out interaction, so fitting on all rows leaks nothing.
         */
        public static Encoders fit(FeatureTable userTable, FeatureTable itemTable, EncoderOptions options) {
            return new Encoders(fitAll(userTable, options), fitAll(itemTable, options));
        }

        private static FeatureEncoder fitAll(FeatureTable table, EncoderOptions options) {
            return table == null ? null
                    : FeatureEncoder.fit(table, IntStream.range(0, table.size()).toArray(), options);
        }

        /** The features of these tables encoded with these encoders (a null table or encoder gives none). */
        public TowerFeatures encode(FeatureTable userTable, FeatureTable itemTable) {
            return new TowerFeatures(users == null ? null : users.encode(require(userTable, "user")),
                    items == null ? null : items.encode(require(itemTable, "item")));
        }

        private static FeatureTable require(FeatureTable table, String side) {
            if (table == null) {
                throw new IllegalArgumentException("the model reads " + side + " features but none were given");
            }
            return table;
        }
    }

    /**
     * What a checkpoint's config file holds.
     *
     * @param name       the model's report name
     * @param config     hyper-parameters
     * @param userFields user feature fields, in input order
     * @param itemFields item feature fields, in input order
     * @param userCount  users of the training corpus
     * @param itemCount  items of the corpus
     */
    public record Layout(String name, TwoTowerConfig config, List<FieldSpec> userFields, List<FieldSpec> itemFields,
                         int userCount, int itemCount) {
    }

    private TrainedTwoTower(String name, TwoTowerModel model, Encoders encoders, TowerFeatures features) {
        this.name = name;
        this.model = model;
        this.encoders = encoders;
        this.features = features;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            int[] all = IntStream.range(0, model.itemCount()).toArray();
            this.itemEmbeddings = model.items(Weights.current(), features, all).toFloatArray();
        }
    }

    /** A snapshot of {@code model}'s current weights, named {@code name} in reports. */
    public static TrainedTwoTower of(String name, TwoTowerModel model, Encoders encoders, TowerFeatures features) {
        return new TrainedTwoTower(name, rebuild(layout(name, model), model.weights()), encoders, features);
    }

    private static Layout layout(String name, TwoTowerModel model) {
        return new Layout(name, model.config(), model.userFields(), model.itemFields(), model.userCount(),
                model.itemCount());
    }

    private static TwoTowerModel rebuild(Layout layout, Map<String, Tensor> tensors) {
        TwoTowerModel model = new TwoTowerModel(layout.userFields(), layout.itemFields(), layout.userCount(),
                layout.itemCount(), layout.config(), new SplittableRandom(0));
        model.loadWeights(tensors, "two-tower");
        return model;
    }

    /** Saves weights, layout and encoders atomically to {@code dir}, plus extra JSON files (name to value). */
    public void save(Path dir, Map<String, Object> extras) throws IOException {
        Checkpoint checkpoint = Checkpoint.of(model.weights(), layout(name, model));
        if (encoders.users() != null) {
            checkpoint = checkpoint.withExtra(USER_FEATURES_FILE, encoders.users());
        }
        if (encoders.items() != null) {
            checkpoint = checkpoint.withExtra(ITEM_FEATURES_FILE, encoders.items());
        }
        for (Map.Entry<String, Object> e : extras.entrySet()) {
            checkpoint = checkpoint.withExtra(e.getKey(), e.getValue());
        }
        checkpoint.save(dir);
    }

    /**
     * Loads a model saved by {@link #save}, encoding the given feature tables (null when the model
     * reads none on that side) with its saved encoders.
     *
     * @throws IllegalArgumentException when the tables' row counts are not the model's user and item counts
     */
    public static TrainedTwoTower load(Path dir, FeatureTable userTable, FeatureTable itemTable) throws IOException {
        Checkpoint checkpoint = Checkpoint.load(dir);
        Layout layout = checkpoint.config(Layout.class);
        Encoders encoders = new Encoders(optionalExtra(checkpoint, USER_FEATURES_FILE),
                optionalExtra(checkpoint, ITEM_FEATURES_FILE));
        TowerFeatures features = encoders.encode(userTable, itemTable);
        checkCount("user", features.users() == null ? layout.userCount() : features.users().entityCount(),
                layout.userCount(), dir);
        checkCount("item", features.items() == null ? layout.itemCount() : features.items().entityCount(),
                layout.itemCount(), dir);
        return new TrainedTwoTower(layout.name(), rebuild(layout, checkpoint.tensors()), encoders, features);
    }

    private static FeatureEncoder optionalExtra(Checkpoint checkpoint, String file) {
        return checkpoint.extraNames().contains(file) ? checkpoint.extra(file, FeatureEncoder.class) : null;
    }

    private static void checkCount(String side, int given, int expected, Path dir) {
        if (given != expected) {
            throw new IllegalArgumentException("the model in " + dir + " was trained on " + expected + " " + side
                    + "s but the given features have " + given + " rows (another dataset?)");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int itemCount() {
        return model.itemCount();
    }

    @Override
    public int dim() {
        return model.config().dim();
    }

    @Override
    public float[] queryEmbeddings(int[] users, UserItems history) {
        if (history.itemCount() != itemCount()) {
            throw new IllegalArgumentException("history covers " + history.itemCount() + " items, the model "
                    + itemCount());
        }
        float[] out = new float[users.length * dim()];
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int from = 0; from < users.length; from += QUERY_CHUNK) {
                int[] chunk = Arrays.copyOfRange(users, from, Math.min(users.length, from + QUERY_CHUNK));
                HistoryBags bags = HistoryBags.forServing(history, chunk, model.config().historySize());
                float[] part = model.queries(Weights.current(), features, chunk, bags).toFloatArray();
                System.arraycopy(part, 0, out, from * dim(), part.length);
            }
        }
        return out;
    }

    @Override
    public float[] itemEmbeddings() {
        return itemEmbeddings.clone();
    }

    /** The hyper-parameters. */
    public TwoTowerConfig config() {
        return model.config();
    }

    /** The encoders of the features the towers read. */
    public Encoders encoders() {
        return encoders;
    }

    /** A fresh, trainable copy of the model (e.g. to resume training). */
    public TwoTowerModel copyModel() {
        return rebuild(layout(name, model), model.weights());
    }
}
