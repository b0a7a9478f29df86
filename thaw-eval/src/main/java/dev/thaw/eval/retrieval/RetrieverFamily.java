package dev.thaw.eval.retrieval;

import dev.thaw.data.RecDataset;
import dev.thaw.data.split.ImplicitSplit;
import dev.thaw.models.retrieval.Retriever;
import dev.thaw.training.mf.FitProgress;

import java.util.Map;

/**
 * A kind of retrieval model that the CLI and {@link RetrievalExperiment} can train by name. Adding
 * a family means implementing this and listing it in {@link RetrieverFamilies#ALL}.
 */
public interface RetrieverFamily {
    /** Name on the command line, e.g. "wals". */
    String name();

    /** One-line description. */
    String description();

    /** Parameter key to "default: meaning", for help and error messages. */
    Map<String, String> parameters();

    /**
     * Reads and checks the hyper-parameters (through the typed getters, so they are recorded), so
     * that a bad value fails before any data is loaded.
     */
    Trainer configure(RetrieverParams params);

    /** A configured family, ready to train. */
    @FunctionalInterface
    interface Trainer {
        /**
         * Trains on the split's training sets (never reads test; validation only to choose among
         * epochs, as the two-tower family's early stopping does).
         *
         * @param progress called after every epoch
         */
        Retriever fit(TrainingData data, FitProgress progress);
    }

    /**
     * What a family trains on.
     *
     * @param split       the implicit split (train part only is for training)
     * @param trainValues per training pair (aligned with {@code split.train().pairs()}), the rating; for confidence weights
     * @param seed        the seed
     * @param threads     threads a family may use
     * @param dataset     the loaded data, for families that read user or item features
     */
    record TrainingData(ImplicitSplit split, float[] trainValues, long seed, int threads, RecDataset dataset) {
    }
}
