package dev.thaw.eval.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.split.ImplicitSplit;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.models.retrieval.twotower.TrainedTwoTower;
import dev.thaw.training.mf.FitProgress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwoTowerFamilyTest {
    private static final RetrievalData DATA = RetrievalData.of(SyntheticGenerator.generate(SyntheticConfig.small(4)
            .withSize(150, 100).withInteractionsPerUser(10, 30)).dataset(), 3f, ImplicitSplit.Order.RANDOM, 1);

    private static RetrievalExperiment.Outcome run(String spec) {
        return RetrievalExperiment.run(DATA, RetrievalExperiment.Run.parse(spec), 1, 1, FitProgress.NONE,
                RetrievalEvaluation.Options.defaults());
    }

    @Test
    void parametersReachTheModelAndEveryValueUsedIsRecorded() {
        List<Integer> epochs = new java.util.ArrayList<>();
        RetrievalExperiment.Outcome outcome = RetrievalExperiment.run(DATA, RetrievalExperiment.Run.parse(
                        "two-tower loss=popularity logq=false negatives=40 dim=8 hidden=0 temperature=0.2 history=5 "
                                + "epochs=2 patience=5 batch=128"), 1, 1,
                (epoch, of, loss, nanos) -> epochs.add(epoch), RetrievalEvaluation.Options.defaults());
        TrainedTwoTower model = (TrainedTwoTower) outcome.model();
        assertEquals("two-tower/popularity", model.name());
        assertEquals(8, model.dim());
        assertEquals(List.of(), model.config().hidden());
        assertEquals(0.2, model.config().temperature());
        assertEquals(5, model.config().historySize());
        assertEquals(List.of(1, 2), epochs, "progress once per epoch");
        Map<String, Object> used = outcome.used();
        assertEquals("popularity", used.get("loss"));
        assertEquals(false, used.get("logq"));
        assertEquals(40, used.get("negatives"));
        assertEquals(RetrieverFamilies.TWO_TOWER.parameters().keySet(), used.keySet(),
                "every declared parameter is read and recorded");
        assertTrue(outcome.validation().segment("overall").metric("recall@20") > 0);
    }

    @Test
    void featuresCanBeSwitchedOffLeavingIdsAndHistory() {
        TrainedTwoTower model = (TrainedTwoTower) run("two-tower features=false loss=uniform negatives=20 epochs=1 dim=8")
                .model();
        assertEquals(null, model.encoders().users());
        assertEquals(null, model.encoders().items());
    }

    @Test
    void badValuesFailWithOneLineNamingTheParameter() {
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class, () -> run("two-tower loss=sampled"));
        assertEquals("model 'two-tower' parameter loss=sampled is not one of full, hard, in-batch, popularity, uniform",
                loss.getMessage());
        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class, () -> run("two-tower logq=yes"));
        assertTrue(flag.getMessage().contains("logq=yes is not one of true, false"), flag.getMessage());
        IllegalArgumentException streaming = assertThrows(IllegalArgumentException.class,
                () -> run("two-tower loss=uniform q=streaming"));
        assertTrue(streaming.getMessage().contains("streaming estimate of Q is for in-batch negatives"),
                streaming.getMessage());
    }
}
