package dev.thaw.eval.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.RealData;
import dev.thaw.data.split.ImplicitSplit;
import dev.thaw.training.mf.FitProgress;
import org.junit.jupiter.api.Test;

/** WALS on the real ML-100K (rating >= 4, random 80/10/10): far above most-popular on test users, on head and tail. */
class RetrievalRealDataTest {
    @Test
    void walsBeatsMostPopularOnMovieLens100K() {
        RetrievalData data = RetrievalData.load(RealData.root(), RetrievalData.Source.ML_100K, 4f,
                ImplicitSplit.Order.RANDOM, 2019);
        assertEquals(943, data.split().userCount());
        RetrievalEvaluation.Options options = RetrievalEvaluation.Options.defaults().withThreads(2);
        RetrievalExperiment.Outcome popular = RetrievalExperiment.run(data, RetrievalExperiment.Run.parse("popular"),
                2019, 2, FitProgress.NONE, options);
        RetrievalExperiment.Outcome wals = RetrievalExperiment.run(data,
                RetrievalExperiment.Run.parse("wals dim=32 iterations=6"), 2019, 2, FitProgress.NONE, options);
        double walsRecall = wals.test().segment("overall").metric("recall@20");
        double popularRecall = popular.test().segment("overall").metric("recall@20");
        assertTrue(walsRecall > 1.3 * popularRecall, "recall@20: wals " + walsRecall + ", popular " + popularRecall);
        assertTrue(wals.test().segment("tail").metric("recall@50") > popular.test().segment("tail").metric("recall@50"),
                "tail recall@50");
        assertTrue(wals.test().catalogue().get("coverage@10") > 2 * popular.test().catalogue().get("coverage@10"));
    }
}
