package dev.thaw.cli;

import dev.thaw.data.Interactions;
import dev.thaw.data.bench.DataBenchmark;
import dev.thaw.data.io.MeluData;
import dev.thaw.data.split.HonestSplit;
import dev.thaw.data.split.MeluSplit;
import dev.thaw.data.split.Scenario;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.eval.EncodedSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** ML-1M with MeLU's side information, split by one of the two protocols and encoded. */
final class Ml1mSplits {
    /** How users, items and ratings are divided. */
    enum Protocol {
        /** Our honest protocol: seeded new users, items released after 1997 are new, validation and test folds. */
        HONEST,
        /** MeLU's own state files: train on the warm state, evaluate all four states. */
        MELU
    }

    /** Share of MeLU's warm-state users held out of training for early stopping. */
    static final double MELU_VALIDATION_SHARE = 0.15;

    /** Movies released after this year are new items in the honest protocol. */
    static final int LAST_EXISTING_YEAR = 1997;

    private Ml1mSplits() {
    }

    /** The data folder: the option, else $THAW_DATA, else ../shared/data; must hold ml-1m and melu-ml-1m. */
    static Path dataDir(Path given) {
        String env = System.getenv("THAW_DATA");
        Path dir = given != null ? given : env != null && !env.isBlank() ? Path.of(env) : Path.of("../shared/data");
        if (!Files.isDirectory(dir.resolve("ml-1m")) || !Files.isDirectory(dir.resolve("melu-ml-1m"))) {
            throw new IllegalArgumentException("no ml-1m and melu-ml-1m folders in " + dir.toAbsolutePath()
                    + "; pass --data DIR or set THAW_DATA");
        }
        return dir;
    }

    /**
     * Loads and splits ML-1M; {@code encoders} null fits MeLU's fields (gender, age, occupation,
     * zip; rate, genre, director, actor) on the training users and items.
     */
    static EncodedSplit load(Path dataDir, Protocol protocol, long seed, EncodedSplit.Encoders encoders) {
        return load(MeluData.load(dataDir.resolve("ml-1m"), dataDir.resolve("melu-ml-1m")), protocol, seed, encoders, 1);
    }

    /**
     * Splits loaded data; see {@link #load(Path, Protocol, long, EncodedSplit.Encoders)}. Fitted
     * encoders give a value its own index only if {@code minCount} training entities have it.
     */
    static EncodedSplit load(MeluData data, Protocol protocol, long seed, EncodedSplit.Encoders encoders,
                             int minCount) {
        return load(data, protocol, seed, encoders, minCount, EncodedSplit.NEW_USER_VALIDATION);
    }

    /**
     * As {@link #load(MeluData, Protocol, long, EncodedSplit.Encoders, int)}, early-stopping on the
     * validation folds of {@code validation} (honest protocol; MeLU's has only warm validation users).
     */
    static EncodedSplit load(MeluData data, Protocol protocol, long seed, EncodedSplit.Encoders encoders,
                             int minCount, List<Scenario> validation) {
        if (protocol == Protocol.MELU && !validation.equals(EncodedSplit.NEW_USER_VALIDATION)) {
            throw new IllegalArgumentException("--validate-on applies to the honest protocol only; MeLU's protocol "
                    + "validates on held-out warm users");
        }
        Interactions ratings = data.dataset().interactions();
        return switch (protocol) {
            case HONEST -> {
                HonestSplit split = HonestSplit.build(ratings, HonestSplit.itemsReleasedAfter(
                        data.dataset().itemFeatures().orElseThrow(), "year", LAST_EXISTING_YEAR),
                        HonestSplit.Config.defaults(seed));
                yield EncodedSplit.honest(data.dataset(), split, QuerySplitRule.MELU,
                        encoders != null ? encoders : fit(data, split.training(), minCount), validation);
            }
            case MELU -> meluProtocol(data, MELU_VALIDATION_SHARE, seed, encoders, minCount);
        };
    }

    /** MeLU's protocol with MeLU's fields fitted on the warm state and {@code validationShare} of warm users held out. */
    static EncodedSplit loadMeluProtocol(MeluData data, double validationShare, long seed) {
        return meluProtocol(data, validationShare, seed, null, 1);
    }

    private static EncodedSplit meluProtocol(MeluData data, double validationShare, long seed,
                                             EncodedSplit.Encoders encoders, int minCount) {
        Map<Scenario, Interactions> states = MeluSplit.rowsOf(data.states(), data.dataset().interactions());
        MeluSplit split = MeluSplit.build(states, QuerySplitRule.MELU, seed);
        Interactions warm = states.get(Scenario.WARM);
        return EncodedSplit.meluProtocol(data.dataset(), split, warm, encoders != null ? encoders : fit(data, warm, minCount),
                validationShare, seed);
    }

    private static EncodedSplit.Encoders fit(MeluData data, Interactions training, int minCount) {
        return EncodedSplit.Encoders.fit(data.dataset(), training, DataBenchmark.USER_FIELDS, DataBenchmark.ITEM_FIELDS,
                minCount);
    }
}
