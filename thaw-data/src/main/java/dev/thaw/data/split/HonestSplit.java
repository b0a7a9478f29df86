package dev.thaw.data.split;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.Interactions;
import dev.thaw.data.Seeds;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.Task;
import dev.thaw.data.task.Tasks;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Our honest version of MeLU's four scenarios, rebuilt from a raw rating log.
 *
 * <ol>
 * <li>Items are new when released after a cut-off year (ML-1M: 1998 and later), else existing.</li>
 * <li>Users are shuffled with the seed; the first {@code newUserFraction} are new, the rest existing.
 *     In each group, the first {@code validationFraction} (in the same shuffled order) are
 *     validation users, the others test users, so validation and test users never overlap.</li>
 * <li>Each (user, item) cell falls in one {@link Scenario}. Per scenario, every user with
 *     {@code rule.minRows()..rule.maxRows()} ratings in it is a task: {@code rule.querySize()}
 *     ratings drawn at random are the query, the rest the support.</li>
 * <li>Training data = the WARM cell (existing users x existing items) minus every warm query
 *     rating, so warm users are judged on ratings training never saw. New users and new items never
 *     reach training.</li>
 * </ol>
 * Guarantee (tested): no (user, item) pair of any query set appears in the training data or in
 * any support set, provided the log has no duplicate (user, item) rows (the readers reject them).
 */
public final class HonestSplit {
    /** Which evaluation set a user's tasks belong to. */
    public enum Fold { VALIDATION, TEST }

    /**
     * Settings of the honest split.
     *
     * @param newUserFraction    share of users that are new (default 0.2)
     * @param validationFraction share of the users of each group used for validation (default 0.25)
     * @param rule               which users become tasks and the query size (default MeLU's 13..100, 10)
     * @param seed               the seed of every random choice
     */
    public record Config(double newUserFraction, double validationFraction, QuerySplitRule rule, long seed) {
        public Config {
            if (!(newUserFraction > 0 && newUserFraction < 1)) {
                throw new IllegalArgumentException("newUserFraction must lie in (0, 1), got " + newUserFraction);
            }
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("validationFraction must lie in (0, 1), got " + validationFraction);
            }
        }

        /** 20% new users, 25% validation users, MeLU's task rule. */
        public static Config defaults(long seed) {
            return new Config(0.2, 0.25, QuerySplitRule.MELU, seed);
        }
    }

    private final Config config;
    private final Interactions training;
    private final BitSet newUsers;
    private final BitSet newItems;
    private final BitSet validationUsers;
    private final Map<Scenario, Map<Fold, List<Task>>> tasks;

    private HonestSplit(Config config, Interactions training, BitSet newUsers, BitSet newItems,
                        BitSet validationUsers, Map<Scenario, Map<Fold, List<Task>>> tasks) {
        this.config = config;
        this.training = training;
        this.newUsers = newUsers;
        this.newItems = newItems;
        this.validationUsers = validationUsers;
        this.tasks = tasks;
    }

    /**
     * The items whose numeric {@code yearField} is after {@code lastExistingYear}, as a set of item
     * indices; every item must have a year.
     */
    public static BitSet itemsReleasedAfter(FeatureTable items, String yearField, int lastExistingYear) {
        items.field(yearField); // fails with the field name when the table lacks it
        BitSet out = new BitSet(items.rows().size());
        for (int i = 0; i < items.rows().size(); i++) {
            Object year = items.rows().get(i).get(yearField);
            if (!(year instanceof Number n) || Double.isNaN(n.doubleValue())) {
                throw new IllegalArgumentException("item row " + i + " has no '" + yearField
                        + "': every item needs a release year to be called existing or new");
            }
            out.set(i, n.doubleValue() > lastExistingYear);
        }
        return out;
    }

    /** Splits {@code ratings}; {@code newItems} holds the indices of new items. */
    public static HonestSplit build(Interactions ratings, BitSet newItems, Config config) {
        if (newItems.length() > ratings.items().size()) {
            throw new IllegalArgumentException("newItems names item " + (newItems.length() - 1) + " but there are "
                    + ratings.items().size() + " items");
        }
        int userCount = ratings.users().size();
        int[] order = IntStream.range(0, userCount).toArray();
        Seeds.shuffle(order, Seeds.derive(config.seed(), Seeds.label("honest/users")));
        int newCount = (int) Math.round(config.newUserFraction() * userCount);
        BitSet newUsers = new BitSet(userCount);
        BitSet validation = new BitSet(userCount);
        int newValidation = (int) Math.round(config.validationFraction() * newCount);
        int oldValidation = (int) Math.round(config.validationFraction() * (userCount - newCount));
        for (int k = 0; k < userCount; k++) {
            boolean isNew = k < newCount;
            newUsers.set(order[k], isNew);
            validation.set(order[k], isNew ? k < newValidation : k - newCount < oldValidation);
        }

        Map<Scenario, List<Integer>> cellRows = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            cellRows.put(s, new ArrayList<>());
        }
        for (int r = 0; r < ratings.size(); r++) {
            cellRows.get(Scenario.of(newUsers.get(ratings.user(r)), newItems.get(ratings.item(r)))).add(r);
        }
        Map<Scenario, Map<Fold, List<Task>>> tasks = new EnumMap<>(Scenario.class);
        Interactions warm = null;
        for (Scenario s : Scenario.values()) {
            Interactions rows = ratings.select(cellRows.get(s).stream().mapToInt(Integer::intValue).toArray());
            long cellSeed = Seeds.derive(config.seed(), Seeds.label("honest/" + s)).nextLong();
            tasks.put(s, byFold(Tasks.byUser(rows, config.rule(), cellSeed), validation));
            if (s == Scenario.WARM) {
                warm = rows;
            }
        }
        Interactions training = withoutQueries(warm, tasks.get(Scenario.WARM));
        return new HonestSplit(config, training, newUsers, (BitSet) newItems.clone(), validation, tasks);
    }

    private static Map<Fold, List<Task>> byFold(List<Task> tasks, BitSet validationUsers) {
        Map<Fold, List<Task>> out = new EnumMap<>(Fold.class);
        out.put(Fold.VALIDATION, tasks.stream().filter(t -> validationUsers.get(t.entity())).toList());
        out.put(Fold.TEST, tasks.stream().filter(t -> !validationUsers.get(t.entity())).toList());
        return out;
    }

    private static Interactions withoutQueries(Interactions warm, Map<Fold, List<Task>> warmTasks) {
        Set<Long> held = new HashSet<>();
        for (List<Task> fold : warmTasks.values()) {
            for (Task task : fold) {
                for (int r = 0; r < task.query().size(); r++) {
                    held.add(pair(task.query().user(r), task.query().item(r)));
                }
            }
        }
        int[] kept = IntStream.range(0, warm.size()).filter(r -> !held.contains(pair(warm.user(r), warm.item(r))))
                .toArray();
        return warm.select(kept);
    }

    /** A (user, item) pair packed into one key. */
    static long pair(int user, int item) {
        return (long) user << 32 | (item & 0xFFFFFFFFL);
    }

    /** The settings this split was made with. */
    public Config config() {
        return config;
    }

    /** Every rating training may use: existing users x existing items, warm query ratings removed. */
    public Interactions training() {
        return training;
    }

    /** Meta-training tasks drawn from {@link #training()} only, with their own (seeded) query sets. */
    public List<Task> trainingTasks(QuerySplitRule rule) {
        return Tasks.byUser(training, rule, Seeds.derive(config.seed(), Seeds.label("honest/training")).nextLong());
    }

    /** The evaluation tasks of a scenario and fold, in order of each user's first rating. */
    public List<Task> tasks(Scenario scenario, Fold fold) {
        return tasks.get(scenario).get(fold);
    }

    /** True when a user is new (never in training). */
    public boolean isNewUser(int user) {
        return newUsers.get(user);
    }

    /** True when an item is new (never in training). */
    public boolean isNewItem(int item) {
        return newItems.get(item);
    }

    /** The evaluation fold a user belongs to. */
    public Fold fold(int user) {
        return validationUsers.get(user) ? Fold.VALIDATION : Fold.TEST;
    }

    /** Users that have training ratings: the rows to fit user feature vocabularies on. */
    public int[] trainingUsers() {
        return IntStream.range(0, training.size()).map(training::user).distinct().sorted().toArray();
    }

    /** Items that have training ratings: the rows to fit item feature vocabularies on. */
    public int[] trainingItems() {
        return IntStream.range(0, training.size()).map(training::item).distinct().sorted().toArray();
    }
}
