package dev.thaw.eval.retrieval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.RealData;
import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.io.MovieLens100K;
import dev.thaw.data.split.ImplicitSplit;
import dev.thaw.models.retrieval.PopularityRetriever;
import dev.thaw.models.retrieval.Retriever;
import dev.thaw.models.retrieval.softmax.LossConfig;
import dev.thaw.models.retrieval.twotower.TowerFeatures;
import dev.thaw.models.retrieval.twotower.TrainedTwoTower;
import dev.thaw.models.retrieval.twotower.TwoTowerConfig;
import dev.thaw.models.retrieval.twotower.TwoTowerModel;
import dev.thaw.training.retrieval.RetrievalTrainingListener;
import dev.thaw.training.retrieval.TwoTowerTrainer;
import dev.thaw.training.retrieval.TwoTowerTrainingConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two-tower model on the real ML-100K (implicit, rating >= 4, random 80/10/10): two epochs of
 * in-batch negatives with logQ already beat recommending the most popular items on held-out test
 * Recall@20 over the full corpus.
 */
class TwoTowerRealDataTest {
    @Test
    void inBatchWithLogQBeatsPopularityOnTestRecall() {
        RecDataset data = MovieLens100K.read(RealData.dir("ml-100k"));
        ImplicitSplit split = ImplicitSplit.of(data.interactions(), 4f, 0.1, ImplicitSplit.Order.RANDOM, 1);
        TrainedTwoTower.Encoders encoders = TrainedTwoTower.Encoders.fit(data.userFeatures().orElseThrow(),
                data.itemFeatures().orElseThrow(), EncoderOptions.DEFAULTS);
        TowerFeatures features = encoders.encode(data.userFeatures().orElseThrow(), data.itemFeatures().orElseThrow());
        TwoTowerModel model = new TwoTowerModel(features.userFields(), features.itemFields(), split.userCount(),
                split.itemCount(), TwoTowerConfig.defaults(), new SplittableRandom(1));
        RetrievalEvaluation.Options options = RetrievalEvaluation.Options.defaults().withThreads(2);
        LossConfig loss = LossConfig.of(LossConfig.Kind.IN_BATCH);
        Retriever trained = new TwoTowerTrainer(TwoTowerTrainingConfig.defaults(1).withBatchSize(512).withMaxEpochs(2))
                .fit("two-tower/" + loss.label(), model, encoders, features, split.train(), loss,
                        m -> recall(m, split, RetrievalEvaluation.Target.VALIDATION, options),
                        new RetrievalTrainingListener() { }).model();
        double twoTower = recall(trained, split, RetrievalEvaluation.Target.TEST, options);
        double popular = recall(PopularityRetriever.of(split.train()), split, RetrievalEvaluation.Target.TEST, options);
        assertTrue(twoTower > popular + 0.03, "two-tower recall@20 " + twoTower + " vs popularity " + popular);
    }

    private static double recall(Retriever model, ImplicitSplit split, RetrievalEvaluation.Target target,
                                 RetrievalEvaluation.Options options) {
        return RetrievalEvaluation.evaluate(model, split, target, options).segment("overall").metric("recall@20");
    }
}
