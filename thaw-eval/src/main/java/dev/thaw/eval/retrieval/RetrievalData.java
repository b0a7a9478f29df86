package dev.thaw.eval.retrieval;

import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import dev.thaw.data.io.MovieLens100K;
import dev.thaw.data.io.MovieLens1M;
import dev.thaw.data.split.ImplicitSplit;
import dev.thaw.data.split.UserItems;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A dataset prepared for retrieval: the implicit split (rating >= threshold is a positive, per-user
 * 80/10/10) and each training pair's rating, for confidence weights.
 *
 * @param dataset     the loaded data
 * @param split       the split
 * @param trainValues per training pair (aligned with {@code split.train().pairs()}), the highest rating given
 */
public record RetrievalData(RecDataset dataset, ImplicitSplit split, float[] trainValues) {
    /** Share of each user's positives held out for validation, and again for test. */
    public static final double HOLD_OUT_FRACTION = 0.1;

    /** The real datasets this knows how to read. */
    public enum Source {
        ML_1M("ml-1m"), ML_100K("ml-100k");

        private final String folder;

        Source(String folder) {
            this.folder = folder;
        }

        /** Folder name under the data root, also the name on the command line. */
        public String folder() {
            return folder;
        }

        /** A source by its folder name; IllegalArgumentException listing the names otherwise. */
        public static Source byName(String name) {
            for (Source s : values()) {
                if (s.folder.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown dataset '" + name + "' (known: ml-1m, ml-100k)");
        }
    }

    /** Reads a dataset from {@code root/<folder>} and splits it. */
    public static RetrievalData load(Path root, Source source, float threshold, ImplicitSplit.Order order, long seed) {
        Path dir = root.resolve(source.folder());
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no " + source.folder() + "/ folder in " + root.toAbsolutePath()
                    + "; pass --data DIR or set THAW_DATA");
        }
        RecDataset dataset = source == Source.ML_1M ? MovieLens1M.read(dir) : MovieLens100K.read(dir);
        return of(dataset, threshold, order, seed);
    }

    /** Splits a loaded dataset. */
    public static RetrievalData of(RecDataset dataset, float threshold, ImplicitSplit.Order order, long seed) {
        ImplicitSplit split = ImplicitSplit.of(dataset.interactions(), threshold, HOLD_OUT_FRACTION, order, seed);
        return new RetrievalData(dataset, split, pairValues(dataset.interactions(), split.train()));
    }

    private static float[] pairValues(Interactions rows, UserItems train) {
        Map<Long, Float> best = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            best.merge((long) rows.user(r) * rows.items().size() + rows.item(r), rows.value(r), Math::max);
        }
        int[][] pairs = train.pairs();
        float[] values = new float[pairs[0].length];
        for (int p = 0; p < values.length; p++) {
            values[p] = best.get((long) pairs[0][p] * rows.items().size() + pairs[1][p]);
        }
        return values;
    }
}
