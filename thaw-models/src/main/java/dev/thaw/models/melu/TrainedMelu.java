package dev.thaw.models.melu;

import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.io.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A trained MeLU model with the feature encoders (vocabularies) it was trained with: the immutable
 * artifact that is saved, loaded and served. Its weights are a private copy, so training the model
 * it was made from further does not change it.
 */
public final class TrainedMelu {
    /** File name of the user feature encoder in a checkpoint. */
    public static final String USER_FEATURES_FILE = "user-features.json";
    /** File name of the item feature encoder in a checkpoint. */
    public static final String ITEM_FEATURES_FILE = "item-features.json";

    /** Prefix of the optimiser-state tensors a training checkpoint carries beside the weights. */
    public static final String OPTIMIZER_PREFIX = "optimizer/";

    private final MeluModel model;
    private final FeatureEncoder userEncoder;
    private final FeatureEncoder itemEncoder;

    private TrainedMelu(MeluModel model, FeatureEncoder userEncoder, FeatureEncoder itemEncoder) {
        this.model = model;
        this.userEncoder = userEncoder;
        this.itemEncoder = itemEncoder;
    }

    /** A snapshot of {@code model}'s current weights with the encoders its inputs were made with. */
    public static TrainedMelu of(MeluModel model, FeatureEncoder userEncoder, FeatureEncoder itemEncoder) {
        Layout layout = new Layout(model.config(), model.userFields(), model.itemFields());
        return new TrainedMelu(rebuild(layout, model.weights()), userEncoder, itemEncoder);
    }

    /**
     * The configuration stored in a checkpoint's config file.
     *
     * @param melu       hyper-parameters
     * @param userFields user feature fields, in input order
     * @param itemFields item feature fields, in input order
     */
    public record Layout(MeluConfig melu, List<FieldSpec> userFields, List<FieldSpec> itemFields) {
    }

    private static MeluModel rebuild(Layout layout, Map<String, Tensor> tensors) {
        MeluModel model = new MeluModel(layout.userFields(), layout.itemFields(), layout.melu(), 0,
                new SplittableRandom(0));
        model.loadWeights(tensors, "MeLU");
        return model;
    }

    /**
     * Saves weights, configuration and both encoders atomically to {@code dir}, plus extra JSON
     * files (name to value, e.g. a training state).
     */
    public void save(Path dir, Map<String, Object> extras) throws IOException {
        save(dir, extras, Map.of());
    }

    /**
     * As {@link #save(Path, Map)}, plus a training run's optimiser state (stored under
     * {@value #OPTIMIZER_PREFIX}, read back by {@link #optimizerState}) so that training can resume exactly.
     */
    public void save(Path dir, Map<String, Object> extras, Map<String, Tensor> optimizerState) throws IOException {
        Map<String, Tensor> all = model.weights();
        optimizerState.forEach((name, t) -> all.put(OPTIMIZER_PREFIX + name, t));
        Checkpoint checkpoint = Checkpoint.of(all, new Layout(model.config(), model.userFields(),
                        model.itemFields()))
                .withExtra(USER_FEATURES_FILE, userEncoder)
                .withExtra(ITEM_FEATURES_FILE, itemEncoder);
        for (Map.Entry<String, Object> e : extras.entrySet()) {
            checkpoint = checkpoint.withExtra(e.getKey(), e.getValue());
        }
        checkpoint.save(dir);
    }

    /** Loads a model saved by {@link #save}. */
    public static TrainedMelu load(Path dir) throws IOException {
        return from(Checkpoint.load(dir));
    }

    /** The optimiser state saved with a training checkpoint (names without the prefix); empty if none. */
    public static Map<String, Tensor> optimizerState(Checkpoint checkpoint) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        checkpoint.tensors().forEach((name, t) -> {
            if (name.startsWith(OPTIMIZER_PREFIX)) {
                out.put(name.substring(OPTIMIZER_PREFIX.length()), t);
            }
        });
        return out;
    }

    /** The model held by a loaded checkpoint. */
    public static TrainedMelu from(Checkpoint checkpoint) {
        Layout layout = checkpoint.config(Layout.class);
        Map<String, Tensor> weights = new LinkedHashMap<>(checkpoint.tensors());
        weights.keySet().removeIf(name -> name.startsWith(OPTIMIZER_PREFIX));
        return new TrainedMelu(rebuild(layout, weights),
                checkpoint.extra(USER_FEATURES_FILE, FeatureEncoder.class),
                checkpoint.extra(ITEM_FEATURES_FILE, FeatureEncoder.class));
    }

    /** The hyper-parameters. */
    public MeluConfig config() {
        return model.config();
    }

    /** The encoder of user features (fitted on training users). */
    public FeatureEncoder userEncoder() {
        return userEncoder;
    }

    /** The encoder of item features (fitted on training items). */
    public FeatureEncoder itemEncoder() {
        return itemEncoder;
    }

    /** A fresh, trainable copy of the model (e.g. to fine-tune or resume training). */
    public MeluModel copyModel() {
        return rebuild(new Layout(model.config(), model.userFields(), model.itemFields()), model.weights());
    }

    /** The model itself, for read-only use inside this package. */
    MeluModel model() {
        return model;
    }
}
