package dev.thaw.service.model;

import dev.thaw.engine.io.Checkpoint;
import dev.thaw.models.melu.TrainedMelu;
import dev.thaw.models.serving.ServingCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Loads a model folder written by training ({@code thaw demo}, {@code thaw melu train}) for serving. */
public final class ModelLoader {
    private ModelLoader() {
    }

    /**
     * Loads and checks {@code dir}: the checkpoint's checksums, the serving catalogue, the model
     * family, and that the weights fit the configuration and the catalogue fits the encoders.
     *
     * @throws ModelLoadException naming the folder and what is wrong
     */
    public static LoadedModel load(Path dir) throws ModelLoadException {
        try {
            Checkpoint checkpoint = Checkpoint.load(dir);
            if (!checkpoint.extraNames().contains(ServingCatalogue.FILE)) {
                throw new IllegalArgumentException("it has no " + ServingCatalogue.FILE
                        + " (train it again with this version of thaw)");
            }
            ServingCatalogue catalogue = checkpoint.extra(ServingCatalogue.FILE, ServingCatalogue.class);
            ServingModel model = switch (catalogue.family()) {
                case "melu" -> new MeluServingModel(TrainedMelu.from(checkpoint), catalogue);
                default -> throw new IllegalArgumentException("model family '" + catalogue.family()
                        + "' cannot be served by this version");
            };
            return new LoadedModel(version(dir), model);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new ModelLoadException("model folder " + dir + " cannot be served: " + reason.replace('\n', ' '), e);
        }
    }

    private static String version(Path dir) throws IOException {
        try {
            byte[] manifest = Files.readAllBytes(dir.resolve(Checkpoint.CONFIG_FILE));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks SHA-256", e);
        }
    }
}
