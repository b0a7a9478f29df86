package dev.thaw.eval.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.synthetic.SyntheticData;
import dev.thaw.training.mf.FitProgress;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * WALS and BPR on generated data whose users only meet items of their own planted group: both
 * recover the structure (far above most-popular on held-out items), and in a space too small to
 * give every group its own directions (dim 4, 10 groups) training on positives only folds groups
 * together while BPR's negatives keep them apart.
 */
class FactorModelsOnPlantedGroupsTest {
    @Test
    void factorModelsRecoverGroupsAndPositivesOnlyFolds() {
        SyntheticData data = FoldingExperiment.data(1500, 600, 10, 7);
        List<RetrievalExperiment.Configured> runs = java.util.stream.Stream.of("popular",
                "wals dim=4 w0=0 lambda=1 iterations=8", "bpr dim=4 epochs=20", "wals dim=16 w0=0.1 lambda=1 iterations=8")
                .map(r -> RetrievalExperiment.Run.parse(r).configure()).toList();
        Function<RetrievalExperiment.Run, FitProgress> quiet = r -> FitProgress.NONE;
        Map<String, FoldingExperiment.Outcome> byRun = FoldingExperiment.run(data, runs, 10, 7, 2, quiet).stream()
                .collect(Collectors.toMap(FoldingExperiment.Outcome::run, o -> o));
        double popular = recall(byRun.get("popular"));
        String summary = byRun.values().stream().map(o -> o.run() + ": recall@10 " + recall(o) + ", foreign "
                + o.folding().foreignItemShare()).collect(Collectors.joining("; "));
        for (String run : List.of("wals dim=4 w0=0 lambda=1 iterations=8", "bpr dim=4 epochs=20",
                "wals dim=16 w0=0.1 lambda=1 iterations=8")) {
            assertTrue(recall(byRun.get(run)) > 2.5 * popular, run + " vs popular: " + summary);
        }
        assertTrue(byRun.get("popular").folding().foreignItemShare() > 0.5, summary);
        assertTrue(byRun.get("wals dim=4 w0=0 lambda=1 iterations=8").folding().foreignItemShare() > 0.05, summary);
        assertTrue(byRun.get("bpr dim=4 epochs=20").folding().foreignItemShare() < 0.01, summary);
        assertEquals(0.0, byRun.get("wals dim=16 w0=0.1 lambda=1 iterations=8").folding().foreignItemShare(), 0.01,
                summary);
    }

    private static double recall(FoldingExperiment.Outcome outcome) {
        return outcome.test().segment("overall").metric("recall@10");
    }
}
