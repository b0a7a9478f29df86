package dev.thaw.models.retrieval.mf;

import dev.thaw.data.split.UserItems;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.io.Checkpoint;
import dev.thaw.models.retrieval.Retriever;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A retriever stored as two embedding tables: one row per training user and one per item. Matrix
 * factorisation produces it directly; any other {@link Retriever} can be frozen into one for
 * serving and saving ({@link #freeze}). Immutable: the arrays are never exposed for writing.
 */
public final class FactorModel implements Retriever {
    private static final String USER_TENSOR = "user_factors";
    private static final String ITEM_TENSOR = "item_factors";

    private final String name;
    private final int dim;
    private final float[] userFactors;
    private final float[] itemFactors;

    /**
     * @param name        name for reports
     * @param dim         embedding dimension
     * @param userFactors {@code [users * dim]} row-major (copied)
     * @param itemFactors {@code [items * dim]} row-major (copied)
     */
    public FactorModel(String name, int dim, float[] userFactors, float[] itemFactors) {
        if (dim < 1 || userFactors.length % dim != 0 || itemFactors.length % dim != 0) {
            throw new IllegalArgumentException("factor arrays of length " + userFactors.length + " and "
                    + itemFactors.length + " are not multiples of dim " + dim);
        }
        this.name = name;
        this.dim = dim;
        this.userFactors = userFactors.clone();
        this.itemFactors = itemFactors.clone();
    }

    /** The embeddings {@code model} gives every user of {@code history} (their known items) and every item. */
    public static FactorModel freeze(Retriever model, UserItems history) {
        int[] users = java.util.stream.IntStream.range(0, history.userCount()).toArray();
        return new FactorModel(model.name(), model.dim(), model.queryEmbeddings(users, history), model.itemEmbeddings());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int itemCount() {
        return itemFactors.length / dim;
    }

    /** Number of users with a row. */
    public int userCount() {
        return userFactors.length / dim;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** @throws IllegalArgumentException for a user without a row */
    @Override
    public float[] queryEmbeddings(int[] users, UserItems history) {
        float[] out = new float[users.length * dim];
        for (int r = 0; r < users.length; r++) {
            if (users[r] < 0 || users[r] >= userCount()) {
                throw new IllegalArgumentException("user " + users[r] + " has no factors (model has " + userCount() + " users)");
            }
            System.arraycopy(userFactors, users[r] * dim, out, r * dim, dim);
        }
        return out;
    }

    @Override
    public float[] itemEmbeddings() {
        return itemFactors.clone();
    }

    /** Saves atomically as a checkpoint folder; {@code config} (any JSON-able value) is stored beside the tables. */
    public void save(Path dir, Object config) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(USER_TENSOR, Tensor.of(userFactors, userCount(), dim));
        tensors.put(ITEM_TENSOR, Tensor.of(itemFactors, itemCount(), dim));
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("name", name);
        stored.put("config", config);
        Checkpoint.of(tensors, stored).save(dir);
    }

    /** A saved model and the config it was saved with. */
    public record Saved(FactorModel model, com.fasterxml.jackson.databind.JsonNode config) {
    }

    /** Loads a folder written by {@link #save}. */
    public static Saved load(Path dir) throws IOException {
        Checkpoint checkpoint = Checkpoint.load(dir);
        Tensor users = checkpoint.tensors().get(USER_TENSOR);
        Tensor items = checkpoint.tensors().get(ITEM_TENSOR);
        if (users == null || items == null || users.rank() != 2 || items.rank() != 2 || users.dim(1) != items.dim(1)) {
            throw new IllegalArgumentException(dir + " is not a factor model: needs 2-D tensors " + USER_TENSOR + " and "
                    + ITEM_TENSOR + " of equal width");
        }
        com.fasterxml.jackson.databind.JsonNode stored = checkpoint.config();
        FactorModel model = new FactorModel(stored.path("name").asText("factors"), users.dim(1),
                users.toFloatArray(), items.toFloatArray());
        return new Saved(model, stored.path("config"));
    }
}
