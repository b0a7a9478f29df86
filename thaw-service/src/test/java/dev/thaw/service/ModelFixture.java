package dev.thaw.service;

import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.data.task.Tasks;
import dev.thaw.models.melu.EvidenceCandidates;
import dev.thaw.models.melu.FieldSpec;
import dev.thaw.models.melu.MeluConfig;
import dev.thaw.models.melu.MeluModel;
import dev.thaw.models.melu.TrainedMelu;
import dev.thaw.models.serving.ServingCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Writes a servable MeLU model folder (weights, encoders, serving catalogue with real evidence
 * scores) for synthetic users and items, untrained: adaptation still moves its predictions, which
 * is what the service tests need. Item ids are the synthetic raw ids.
 */
public final class ModelFixture {
    /** Items in the fixture's catalogue. */
    public static final int ITEMS = 200;

    private static final Map<Long, Path> SHARED = new ConcurrentHashMap<>();

    private ModelFixture() {
    }

    /**
     * The model folder of {@code seed}, written once per test JVM into a temporary folder (removed
     * at exit); callers must not change it.
     */
    public static Path shared(long seed) {
        return SHARED.computeIfAbsent(seed, s -> {
            try {
                Path dir = Files.createTempDirectory("thaw-model-fixture-");
                deleteOnExit(dir);
                return write(dir.resolve("model"), s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort: a temporary folder
            }
        }));
    }

    /** Writes a model folder for data and weights from {@code seed} into {@code dir} and returns it. */
    public static Path write(Path dir, long seed) throws IOException {
        RecDataset dataset = SyntheticGenerator.generate(SyntheticConfig.small(seed).withSize(100, ITEMS)).dataset();
        int[] users = IntStream.range(0, dataset.interactions().users().size()).toArray();
        int[] items = IntStream.range(0, ITEMS).toArray();
        FeatureEncoder userEncoder = FeatureEncoder.fit(dataset.userFeatures().orElseThrow(), users,
                EncoderOptions.DEFAULTS);
        FeatureEncoder itemEncoder = FeatureEncoder.fit(dataset.itemFeatures().orElseThrow(), items,
                EncoderOptions.DEFAULTS);
        EncodedFeatures encodedUsers = userEncoder.encode(dataset.userFeatures().orElseThrow());
        EncodedFeatures encodedItems = itemEncoder.encode(dataset.itemFeatures().orElseThrow());
        MeluModel model = new MeluModel(FieldSpec.of(encodedUsers), FieldSpec.of(encodedItems), MeluConfig.defaults(),
                3.0, new SplittableRandom(seed));
        BatchEncoder encoder = new BatchEncoder(encodedUsers, encodedItems);
        List<TaskBatch> tasks = Tasks.byUser(dataset.interactions(), QuerySplitRule.MELU, seed).stream()
                .map(encoder::encode).toList();
        double[] evidence = EvidenceCandidates.compute(model, tasks.subList(0, 20), ITEMS).score();
        TrainedMelu.of(model, userEncoder, itemEncoder).save(dir, Map.of(ServingCatalogue.FILE,
                ServingCatalogue.of("melu", Map.of("command", "ModelFixture", "seed", seed), dataset, evidence, 20)));
        return dir;
    }
}
