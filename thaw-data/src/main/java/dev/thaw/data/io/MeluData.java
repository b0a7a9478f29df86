package dev.thaw.data.io;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.RecDataset;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * MovieLens-1M with MeLU's side information and state splits, as MeLU trains on it: the ML-1M
 * ratings and user features, item features {@code rate, genre, director, actor} from
 * {@link MeluSideInfo} followed by ML-1M's {@code year} and {@code genres}, and the four
 * {@link MeluStates}.
 *
 * @param dataset the ratings with MeLU's item features
 * @param states  MeLU's four scenarios
 */
public record MeluData(RecDataset dataset, MeluStates states) {
    /**
     * Reads ML-1M from {@code ml1mDir} (see {@link MovieLens1M.Files#in}) and MeLU's files from
     * {@code meluDir}; the state JSON files are parsed on a second thread meanwhile.
     */
    public static MeluData load(Path ml1mDir, Path meluDir) {
        CompletableFuture<MeluStates> states = CompletableFuture.supplyAsync(() -> MeluStates.read(meluDir));
        RecDataset ml1m = MovieLens1M.read(ml1mDir);
        FeatureTable melu = MeluSideInfo.readItemFeatures(DataFiles.require(meluDir, "movies_extrainfos.dat"),
                ml1m.interactions().items());
        FeatureTable items = melu.withColumnsOf(ml1m.itemFeatures().orElseThrow());
        RecDataset dataset = new RecDataset("movielens-1m+melu", ml1m.interactions(), ml1m.userFeatures(),
                Optional.of(items), ml1m.itemTitles(), ml1m.provenance() + "; MeLU side information from " + meluDir);
        return new MeluData(dataset, joinRethrowing(states));
    }

    private static <T> T joinRethrowing(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** {@link #load} under a stopwatch: the loading part of the MeLU benchmark. */
    public static Timed<MeluData> loadTimed(Path ml1mDir, Path meluDir) {
        return Timed.of(() -> load(ml1mDir, meluDir));
    }
}
