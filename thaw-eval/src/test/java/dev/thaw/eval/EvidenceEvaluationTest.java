package dev.thaw.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.RecDataset;
import dev.thaw.data.split.HonestSplit;
import dev.thaw.data.split.Scenario;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.eval.baseline.Baselines;
import dev.thaw.models.melu.EvidenceCandidates;
import dev.thaw.models.melu.MeluConfig;
import dev.thaw.models.melu.MeluModel;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceEvaluationTest {
    @Test
    void curvesCountAnswersAndFallBackToThePriorWithoutAnswers() {
        RecDataset data = SyntheticGenerator.generate(SyntheticConfig.small(5).withSize(300, 150)).dataset();
        HonestSplit split = HonestSplit.build(data.interactions(), new BitSet(), HonestSplit.Config.defaults(5));
        EncodedSplit encoded = EncodedSplit.honest(data, split, QuerySplitRule.MELU,
                EncodedSplit.Encoders.fit(data, split.training(), List.of(), List.of(), 1));
        MeluModel model = MeluExperiment.newModel(encoded, MeluConfig.defaults().withLocalSteps(1, 1), 5);
        EvidenceCandidates evidence = EvidenceCandidates.compute(model, encoded.trainingTasks(), 150);
        List<TaskBatch> users = encoded.testTasks().get(Scenario.USER_COLD);
        try (TaskParallel runner = new TaskParallel(2)) {
            List<EvidenceEvaluation.Curve> curves = EvidenceEvaluation.evaluate(model, evidence, users, 5, 1, runner);
            assertEquals(3, curves.size());
            double prior = ColdStartEvaluation.evaluate("prior", Baselines.metaModel(model, false), users, runner).mae();
            for (EvidenceEvaluation.Curve c : curves) {
                assertEquals(5, c.mae().length);
                for (int k = 0; k < 5; k++) {
                    assertTrue(c.meanAnswers()[k] <= k + 1);
                    assertTrue(k == 0 || c.meanAnswers()[k] >= c.meanAnswers()[k - 1]);
                    if (c.meanAnswers()[k] == 0) {
                        assertEquals(prior, c.mae()[k], 1e-6);
                    }
                }
            }
            EvidenceEvaluation.Curve popular = curves.get(EvidenceEvaluation.Strategy.POPULAR.ordinal());
            assertTrue(popular.meanAnswers()[4] > 0, "users rate popular items");
        }
    }
}
