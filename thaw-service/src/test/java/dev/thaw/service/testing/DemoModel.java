package dev.thaw.service.testing;

import dev.thaw.data.RecDataset;
import dev.thaw.data.split.HonestSplit;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.eval.EncodedSplit;
import dev.thaw.eval.MeluExperiment;
import dev.thaw.models.melu.EvidenceCandidates;
import dev.thaw.models.melu.MeluConfig;
import dev.thaw.models.melu.MeluModel;
import dev.thaw.models.melu.TrainedMelu;
import dev.thaw.models.serving.ServingCatalogue;
import dev.thaw.training.MetaTrainer;
import dev.thaw.training.StopCriterion;
import dev.thaw.training.TrainingConfig;
import dev.thaw.training.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * A servable MeLU model meta-trained for a few seconds on generated users and items, the way
 * {@code thaw demo} trains (smaller and shorter, no evaluation): for tests that want a model whose
 * recommendations mean something, e.g. the onboarding page's screenshot.
 */
public final class DemoModel {
    /** Generated items, all in the catalogue. */
    public static final int ITEMS = 300;
    private static final int USERS = 400;
    private static final int EVIDENCE = 30;

    private DemoModel() {
    }

    /** Trains for at most {@code budget} with {@code seed} and writes the model folder {@code dir}. */
    public static Path train(Path dir, long seed, Duration budget) throws IOException {
        SyntheticConfig data = SyntheticConfig.small(seed).withSize(USERS, ITEMS).withInteractionsPerUser(15, 40);
        RecDataset dataset = SyntheticGenerator.generate(data).dataset();
        HonestSplit split = HonestSplit.build(dataset.interactions(), new BitSet(ITEMS), HonestSplit.Config.defaults(seed));
        EncodedSplit encoded = EncodedSplit.honest(dataset, split, QuerySplitRule.MELU,
                EncodedSplit.Encoders.fit(dataset, split.training(), List.of(), List.of(), 1));
        MeluConfig config = MeluConfig.defaults();
        TrainingConfig training = TrainingConfig.of(config.metaLearningRate(), config.metaBatchSize(), 20, seed)
                .withThreads(2).withTimeBudget(budget);
        MeluModel model = MeluExperiment.newModel(encoded, config, seed);
        new MetaTrainer(training, StopCriterion.patience(3, 0.001), List.of()).fit(model,
                epoch -> encoded.trainingTasksOfEpoch(epoch, true, seed), encoded.validationTasks(),
                TrainingState.initial());
        double[] evidence = EvidenceCandidates.compute(model, encoded.trainingTasks(), ITEMS).score();
        Map<String, Object> provenance = Map.of("command", "DemoModel (test)", "seed", seed, "synthetic", data,
                "time_budget_s", budget.toSeconds());
        TrainedMelu.of(model, encoded.userEncoder(), encoded.itemEncoder()).save(dir, Map.of(ServingCatalogue.FILE,
                ServingCatalogue.of("melu", provenance, dataset, evidence, EVIDENCE)));
        return dir;
    }
}
