package dev.thaw.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.RecDataset;
import dev.thaw.data.split.HonestSplit;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.eval.baseline.Baselines;
import dev.thaw.models.widedeep.WideDeepConfig;
import dev.thaw.models.widedeep.WideDeepModel;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WideDeepBaselineTest {
    /** Users whose features explain 80% of their taste for item features: ratings follow feature crosses. */
    private static final RecDataset DATA = SyntheticGenerator.generate(SyntheticConfig.small(5).withSize(400, 200)
            .withFeatureShares(0.8, 0.8)).dataset();
    private static final HonestSplit HONEST = HonestSplit.build(DATA.interactions(), new BitSet(),
            HonestSplit.Config.defaults(5));
    private static final EncodedSplit SPLIT = EncodedSplit.honest(DATA, HONEST, QuerySplitRule.MELU,
            EncodedSplit.Encoders.fit(DATA, HONEST.training(), List.of(), List.of(), 1));
    private static final WideDeepConfig CONFIG = WideDeepConfig.defaults().withMaxEpochs(6);

    @Test
    void trainsWellBelowTheGlobalMeanOnValidationUsers() {
        WideDeepModel model = MeluExperiment.wideDeepModel(SPLIT, CONFIG, 5, 2);
        try (TaskParallel runner = new TaskParallel(2)) {
            double wideDeep = ColdStartEvaluation.evaluate("wide & deep", Baselines.withoutAdaptation(model),
                    SPLIT.validationTasks(), runner).mae();
            double global = ColdStartEvaluation.evaluate("global mean", Baselines.globalMean(SPLIT.globalMean()),
                    SPLIT.validationTasks(), runner).mae();
            assertTrue(wideDeep < global - 0.15, "wide & deep " + wideDeep + ", global mean " + global);
        }
    }

    @Test
    void sameSeedGivesTheSamePredictions() {
        var query = SPLIT.validationTasks().get(0);
        float[] first = Baselines.withoutAdaptation(MeluExperiment.wideDeepModel(SPLIT, CONFIG.withMaxEpochs(1), 9, 2))
                .predictQuery(query);
        float[] second = Baselines.withoutAdaptation(MeluExperiment.wideDeepModel(SPLIT, CONFIG.withMaxEpochs(1), 9, 2))
                .predictQuery(query);
        assertArrayEquals(first, second);
    }
}
