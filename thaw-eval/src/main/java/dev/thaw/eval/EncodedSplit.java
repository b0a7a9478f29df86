package dev.thaw.eval;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.split.HonestSplit;
import dev.thaw.data.split.Scenario;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.Task;
import dev.thaw.data.task.TaskBatch;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An honest split made ready for a feature-based model: encoders fitted on training users and
 * items only, every entity encoded, and the training, validation and test tasks as batches.
 * Validation tasks are the new users' validation fold (the cold-start case early stopping aims at).
 *
 * @param userEncoder user feature encoder (training users' vocabularies)
 * @param itemEncoder item feature encoder (training items' vocabularies)
 * @param users       every user's encoded features
 * @param items       every item's encoded features
 * @param training    rows training may use
 * @param globalMean  mean training rating
 * @param trainingTasks   meta-training tasks, from training rows only
 * @param validationTasks new users' validation tasks
 * @param testTasks       test tasks per scenario (scenarios without tasks are absent)
 */
public record EncodedSplit(FeatureEncoder userEncoder, FeatureEncoder itemEncoder, EncodedFeatures users,
                           EncodedFeatures items, Interactions training, double globalMean,
                           List<TaskBatch> trainingTasks, List<TaskBatch> validationTasks,
                           Map<Scenario, List<TaskBatch>> testTasks) {
    /**
     * Encodes {@code split} of {@code dataset} (which must have user and item features) with the
     * named user and item fields (empty: every field).
     */
    public static EncodedSplit of(RecDataset dataset, HonestSplit split, QuerySplitRule trainingRule,
                                  List<String> userFields, List<String> itemFields) {
        FeatureTable userTable = dataset.userFeatures().orElseThrow(
                () -> new IllegalArgumentException("dataset '" + dataset.name() + "' has no user features"));
        FeatureTable itemTable = dataset.itemFeatures().orElseThrow(
                () -> new IllegalArgumentException("dataset '" + dataset.name() + "' has no item features"));
        FeatureEncoder userEncoder = FeatureEncoder.fit(userTable, split.trainingUsers(),
                EncoderOptions.DEFAULTS.withFields(userFields.toArray(String[]::new)));
        FeatureEncoder itemEncoder = FeatureEncoder.fit(itemTable, split.trainingItems(),
                EncoderOptions.DEFAULTS.withFields(itemFields.toArray(String[]::new)));
        EncodedFeatures users = userEncoder.encode(userTable);
        EncodedFeatures items = itemEncoder.encode(itemTable);
        BatchEncoder encoder = new BatchEncoder(users, items);
        Map<Scenario, List<TaskBatch>> test = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            List<Task> tasks = split.tasks(s, HonestSplit.Fold.TEST);
            if (!tasks.isEmpty()) {
                test.put(s, encode(encoder, tasks));
            }
        }
        return new EncodedSplit(userEncoder, itemEncoder, users, items, split.training(),
                dev.thaw.eval.baseline.Baselines.mean(split.training()),
                encode(encoder, split.trainingTasks(trainingRule)),
                encode(encoder, split.tasks(Scenario.USER_COLD, HonestSplit.Fold.VALIDATION)), Map.copyOf(test));
    }

    private static List<TaskBatch> encode(BatchEncoder encoder, List<Task> tasks) {
        return tasks.stream().map(encoder::encode).toList();
    }
}
