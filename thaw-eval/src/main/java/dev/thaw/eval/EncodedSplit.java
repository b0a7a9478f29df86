package dev.thaw.eval;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import dev.thaw.data.Seeds;
import dev.thaw.data.features.EncodedFeatures;
import dev.thaw.data.features.EncoderOptions;
import dev.thaw.data.features.FeatureEncoder;
import dev.thaw.data.split.HonestSplit;
import dev.thaw.data.split.MeluSplit;
import dev.thaw.data.split.Scenario;
import dev.thaw.data.task.BatchEncoder;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.Task;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.data.task.Tasks;
import dev.thaw.eval.baseline.Baselines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A split made ready for a feature-based model: every entity encoded with encoders fitted on
 * training users and items only, and the training, validation and test tasks as batches.
 *
 * @param userEncoder     user feature encoder (training users' vocabularies)
 * @param itemEncoder     item feature encoder (training items' vocabularies)
 * @param users           every user's encoded features
 * @param items           every item's encoded features
 * @param training        rows training may use
 * @param globalMean      mean training rating
 * @param trainingTasks   meta-training tasks, from training rows only
 * @param validationTasks tasks early stopping watches (may be empty)
 * @param testTasks       test tasks per scenario (scenarios without tasks are absent)
 * @param taskRows        the rows the meta-training tasks are cut from (training users only)
 * @param taskRule        how they are cut
 * @param rawTrainingTasks {@code trainingTasks} before encoding (to cut their supports)
 * @param itemEvidence    the first ratings of items without training rows: the support ratings of
 *                        every evaluation task (validation and test) on such items. No query rating
 *                        is among them (the splits guarantee it), so a predictor may learn about a
 *                        new item from what other users told us about it ({@link ItemOffsets}).
 */
public record EncodedSplit(FeatureEncoder userEncoder, FeatureEncoder itemEncoder, EncodedFeatures users,
                           EncodedFeatures items, Interactions training, double globalMean,
                           List<TaskBatch> trainingTasks, List<TaskBatch> validationTasks,
                           Map<Scenario, List<TaskBatch>> testTasks, Interactions taskRows,
                           QuerySplitRule taskRule, List<Task> rawTrainingTasks, Interactions itemEvidence) {
    /**
     * The meta-training tasks of an epoch: {@link #trainingTasks} for epoch 0 and, when
     * {@code resample} is on, a fresh seeded support/query split of the same users' rows for every
     * later epoch (so query sets are not memorised).
     */
    public List<TaskBatch> trainingTasksOfEpoch(int epoch, boolean resample, long seed) {
        return trainingTasksOfEpoch(epoch, resample, 0, seed);
    }

    /**
     * As {@link #trainingTasksOfEpoch(int, boolean, long)}, and with {@code smallSupportShare} &gt; 0
     * that share of the epoch's tasks (a fresh seeded draw every epoch) has its support cut to 1 to
     * {@value #SMALL_SUPPORT_MAX} ratings ({@link Tasks#withSmallSupports}).
     */
    public List<TaskBatch> trainingTasksOfEpoch(int epoch, boolean resample, double smallSupportShare, long seed) {
        boolean fresh = epoch > 0 && resample;
        if (!fresh && smallSupportShare == 0) {
            return trainingTasks;
        }
        List<Task> tasks = fresh ? Tasks.byUser(taskRows, taskRule,
                Seeds.derive(seed, Seeds.label("tasks/resample"), epoch).nextLong()) : rawTrainingTasks;
        if (smallSupportShare > 0) {
            tasks = Tasks.withSmallSupports(tasks, smallSupportShare, SMALL_SUPPORT_MAX,
                    Seeds.derive(seed, Seeds.label("tasks/small-supports"), epoch).nextLong());
        }
        return encode(new BatchEncoder(users, items), tasks);
    }

    /** Largest support a cut task keeps (see {@link #trainingTasksOfEpoch(int, boolean, double, long)}). */
    public static final int SMALL_SUPPORT_MAX = 5;

    /** The user and item feature encoders of a model. */
    public record Encoders(FeatureEncoder users, FeatureEncoder items) {
        /**
         * Encoders fitted on the users and items that have training rows, restricted to the named
         * fields (empty: every field); a value needs {@code minCount} training entities to get its
         * own index (rarer ones share the out-of-vocabulary index).
         */
        public static Encoders fit(RecDataset dataset, Interactions training, List<String> userFields,
                                   List<String> itemFields, int minCount) {
            int[] users = IntStream.range(0, training.size()).map(training::user).distinct().sorted().toArray();
            int[] items = IntStream.range(0, training.size()).map(training::item).distinct().sorted().toArray();
            return new Encoders(
                    FeatureEncoder.fit(userTable(dataset), users, EncoderOptions.DEFAULTS.withMinCount(minCount)
                            .withFields(userFields.toArray(String[]::new))),
                    FeatureEncoder.fit(itemTable(dataset), items, EncoderOptions.DEFAULTS.withMinCount(minCount)
                            .withFields(itemFields.toArray(String[]::new))));
        }
    }

    /**
     * Our honest protocol: meta-training tasks from the training rows, the new users' validation
     * fold for early stopping (the cold-start case it aims at), every scenario's test fold.
     * {@code encoders}: fitted with {@link Encoders#fit} on {@code split.training()}, or a trained model's.
     */
    public static EncodedSplit honest(RecDataset dataset, HonestSplit split, QuerySplitRule trainingRule,
                                      Encoders encoders) {
        return honest(dataset, split, trainingRule, encoders, NEW_USER_VALIDATION);
    }

    /** The validation scenarios early stopping watches by default: new users on existing items. */
    public static final List<Scenario> NEW_USER_VALIDATION = List.of(Scenario.USER_COLD);

    /**
     * {@link #honest(RecDataset, HonestSplit, QuerySplitRule, Encoders)} with early stopping on the
     * validation folds of {@code validationScenarios} together (e.g. new users and new items, so
     * that training stops before the item side stops transferring to new movies).
     */
    public static EncodedSplit honest(RecDataset dataset, HonestSplit split, QuerySplitRule trainingRule,
                                      Encoders encoders, List<Scenario> validationScenarios) {
        if (validationScenarios.isEmpty()) {
            throw new IllegalArgumentException("early stopping needs at least one validation scenario");
        }
        List<Task> validation = new ArrayList<>();
        validationScenarios.stream().distinct().forEach(s -> validation.addAll(split.tasks(s, HonestSplit.Fold.VALIDATION)));
        List<Task> evaluationTasks = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            for (HonestSplit.Fold fold : HonestSplit.Fold.values()) {
                evaluationTasks.addAll(split.tasks(s, fold));
            }
        }
        return build(dataset, split.training(), encoders, split.trainingTasks(trainingRule),
                validation, s -> split.tasks(s, HonestSplit.Fold.TEST), split.training(), trainingRule,
                evaluationTasks);
    }

    /**
     * MeLU's protocol: the warm state's tasks are evaluated as the warm scenario (as the paper
     * does, so that figure is on training users). The paper has no validation set; for early
     * stopping, a seeded {@code validationShare} of the warm users is held out of training as
     * validation (0: train on every warm task, no validation).
     */
    public static EncodedSplit meluProtocol(RecDataset dataset, MeluSplit split, Interactions warmRows,
                                            Encoders encoders, double validationShare, long seed) {
        if (!(validationShare >= 0 && validationShare < 1)) {
            throw new IllegalArgumentException("validationShare must lie in [0, 1), got " + validationShare);
        }
        List<Task> warm = split.tasks(Scenario.WARM);
        int[] order = IntStream.range(0, warm.size()).toArray();
        Seeds.shuffle(order, Seeds.derive(seed, Seeds.label("melu-protocol/validation")));
        int held = (int) Math.round(validationShare * warm.size());
        List<Task> validation = IntStream.range(0, held).map(k -> order[k]).sorted().mapToObj(warm::get).toList();
        List<Task> training = IntStream.range(held, warm.size()).map(k -> order[k]).sorted().mapToObj(warm::get)
                .toList();
        java.util.Set<Integer> validationUsers = new java.util.HashSet<>();
        validation.forEach(t -> validationUsers.add(t.entity()));
        Interactions taskRows = warmRows.select(IntStream.range(0, warmRows.size())
                .filter(r -> !validationUsers.contains(warmRows.user(r))).toArray());
        List<Task> evaluationTasks = Arrays.stream(Scenario.values()).flatMap(s -> split.tasks(s).stream()).toList();
        return build(dataset, warmRows, encoders, training, validation, split::tasks, taskRows, QuerySplitRule.MELU,
                evaluationTasks);
    }

    private static EncodedSplit build(RecDataset dataset, Interactions training, Encoders encoders,
                                      List<Task> trainingTasks, List<Task> validation,
                                      Function<Scenario, List<Task>> test, Interactions taskRows,
                                      QuerySplitRule taskRule, List<Task> evaluationTasks) {
        EncodedFeatures users = encoders.users().encode(userTable(dataset));
        EncodedFeatures items = encoders.items().encode(itemTable(dataset));
        BatchEncoder encoder = new BatchEncoder(users, items);
        Map<Scenario, List<TaskBatch>> testTasks = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            List<Task> tasks = test.apply(s);
            if (!tasks.isEmpty()) {
                testTasks.put(s, encode(encoder, tasks));
            }
        }
        return new EncodedSplit(encoders.users(), encoders.items(), users, items, training, Baselines.mean(training),
                encode(encoder, trainingTasks), encode(encoder, validation), Map.copyOf(testTasks), taskRows, taskRule,
                List.copyOf(trainingTasks), ratingsOfNewItems(training, evaluationTasks));
    }

    /** The support ratings of {@code tasks} on items {@code training} has no row of. */
    private static Interactions ratingsOfNewItems(Interactions training, List<Task> tasks) {
        BitSet trained = new BitSet(training.items().size());
        for (int r = 0; r < training.size(); r++) {
            trained.set(training.item(r));
        }
        List<Interactions> parts = new ArrayList<>();
        for (Task task : tasks) {
            Interactions support = task.support();
            parts.add(support.select(IntStream.range(0, support.size()).filter(r -> !trained.get(support.item(r)))
                    .toArray()));
        }
        return parts.isEmpty() ? training.select(new int[0]) : Interactions.concat(parts);
    }

    private static FeatureTable userTable(RecDataset dataset) {
        return dataset.userFeatures().orElseThrow(
                () -> new IllegalArgumentException("dataset '" + dataset.name() + "' has no user features"));
    }

    private static FeatureTable itemTable(RecDataset dataset) {
        return dataset.itemFeatures().orElseThrow(
                () -> new IllegalArgumentException("dataset '" + dataset.name() + "' has no item features"));
    }

    private static List<TaskBatch> encode(BatchEncoder encoder, List<Task> tasks) {
        return tasks.stream().map(encoder::encode).toList();
    }
}
