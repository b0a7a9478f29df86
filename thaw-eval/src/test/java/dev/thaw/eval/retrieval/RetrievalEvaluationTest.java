package dev.thaw.eval.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thaw.data.split.ItemPopularity;
import dev.thaw.data.split.UserItems;
import dev.thaw.models.retrieval.mf.FactorModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetrievalEvaluationTest {
    private static final int USERS = 60;
    private static final int ITEMS = 80;
    private static final int DIM = 3;

    private static UserItems randomSets(SplittableRandom random, int maxPerUser) {
        List<int[]> pairs = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            int n = random.nextInt(maxPerUser + 1);
            for (int k = 0; k < n; k++) {
                pairs.add(new int[] {u, (int) Math.floor(ITEMS * Math.pow(random.nextDouble(), 2))});
            }
        }
        return UserItems.of(USERS, ITEMS, pairs.stream().mapToInt(p -> p[0]).toArray(),
                pairs.stream().mapToInt(p -> p[1]).toArray());
    }

    private static UserItems minus(UserItems a, UserItems... others) {
        List<int[]> pairs = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (int i : a.items(u)) {
                int user = u;
                if (Arrays.stream(others).noneMatch(o -> o.contains(user, i))) {
                    pairs.add(new int[] {u, i});
                }
            }
        }
        return UserItems.of(USERS, ITEMS, pairs.stream().mapToInt(p -> p[0]).toArray(),
                pairs.stream().mapToInt(p -> p[1]).toArray());
    }

    /** The reference: score every item in double, sort them all, drop excluded, read metrics off the sorted list. */
    private static double[] reference(FactorModel model, UserItems train, UserItems validation, UserItems test,
                                      IntPredicate segment, int k, int[] usersOut) {
        float[] users = model.queryEmbeddings(IntStream.range(0, USERS).toArray(), train);
        float[] items = model.itemEmbeddings();
        double recall = 0;
        double hr = 0;
        double ndcg = 0;
        double mrr = 0;
        int counted = 0;
        for (int u = 0; u < USERS; u++) {
            int user = u;
            int[] relevant = Arrays.stream(test.items(u)).filter(segment).toArray();
            if (relevant.length == 0) {
                continue;
            }
            counted++;
            double[] scores = new double[ITEMS];
            for (int i = 0; i < ITEMS; i++) {
                for (int d = 0; d < DIM; d++) {
                    scores[i] += (double) users[u * DIM + d] * items[i * DIM + d];
                }
            }
            List<Integer> ranking = IntStream.range(0, ITEMS)
                    .filter(i -> !train.contains(user, i) && !validation.contains(user, i)).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i)).toList();
            List<Integer> top = ranking.subList(0, Math.min(k, ranking.size()));
            List<Integer> relevantList = Arrays.stream(relevant).boxed().toList();
            long hits = top.stream().filter(relevantList::contains).count();
            recall += hits / (double) relevant.length;
            hr += hits > 0 ? 1 : 0;
            double dcg = 0;
            double idcg = 0;
            double firstReciprocal = 0;
            for (int r = 0; r < top.size(); r++) {
                if (relevantList.contains(top.get(r))) {
                    dcg += 1 / (Math.log(r + 2) / Math.log(2));
                    firstReciprocal = firstReciprocal == 0 ? 1.0 / (r + 1) : firstReciprocal;
                }
            }
            for (int r = 0; r < Math.min(k, relevant.length); r++) {
                idcg += 1 / (Math.log(r + 2) / Math.log(2));
            }
            ndcg += dcg / idcg;
            mrr += firstReciprocal;
        }
        usersOut[0] = counted;
        return new double[] {recall / counted, hr / counted, ndcg / counted, mrr / counted};
    }

    @Test
    void metricsMatchABruteForceSortOverAllItems() {
        SplittableRandom random = new SplittableRandom(42);
        UserItems train = randomSets(random, 12);
        UserItems validation = minus(randomSets(random, 3), train);
        UserItems test = minus(randomSets(random, 6), train, validation);
        float[] userFactors = new float[USERS * DIM];
        float[] itemFactors = new float[ITEMS * DIM];
        for (int i = 0; i < userFactors.length; i++) {
            userFactors[i] = random.nextInt(-2, 3);
        }
        for (int i = 0; i < itemFactors.length; i++) {
            itemFactors[i] = random.nextInt(-2, 3);
        }
        FactorModel model = new FactorModel("integers", DIM, userFactors, itemFactors);
        RetrievalEvaluation.Options options = new RetrievalEvaluation.Options(new int[] {1, 5, 20}, 0.2, 3, 2);
        RetrievalReport report = RetrievalEvaluation.evaluate(model, train, new UserItems[] {train, validation}, test,
                "test", options);
        ItemPopularity popularity = ItemPopularity.ofCounts(train.itemCounts(), 0.2);
        for (String segment : new String[] {"overall", "head", "tail"}) {
            IntPredicate filter = switch (segment) {
                case "head" -> popularity::isHead;
                case "tail" -> i -> !popularity.isHead(i);
                default -> i -> true;
            };
            for (int k : options.ks()) {
                int[] users = new int[1];
                double[] expected = reference(model, train, validation, test, filter, k, users);
                RetrievalReport.Segment got = report.segment(segment);
                assertEquals(users[0], got.users(), segment);
                String[] names = {"recall", "hr", "ndcg", "mrr"};
                for (int m = 0; m < names.length; m++) {
                    assertEquals(expected[m], got.metric(names[m] + "@" + k), 1e-12, segment + " " + names[m] + "@" + k);
                }
            }
        }
        int bucketUsers = report.segments().stream().filter(s -> s.name().startsWith("activity"))
                .mapToInt(RetrievalReport.Segment::users).sum();
        assertEquals(report.segment("overall").users(), bucketUsers);
    }

    @Test
    void catalogueStatisticsCountWhatWasRecommended() {
        // Two users, four items; user 0 likes item 3 most, user 1 item 0; the model is exact integers.
        float[] users = {1, 0, 0, 1};
        float[] items = {0, 3, 1, 1, 2, 0, 3, 2};
        UserItems train = UserItems.of(2, 4, new int[] {0, 0, 1}, new int[] {0, 1, 0});
        UserItems test = UserItems.of(2, 4, new int[] {0, 1}, new int[] {3, 1});
        RetrievalReport report = RetrievalEvaluation.evaluate(new FactorModel("m", 2, users, items), train,
                new UserItems[] {train}, test, "test", new RetrievalEvaluation.Options(new int[] {1}, 0.5, 1, 1));
        // user 0 (excluding 0, 1): scores item2 = 2, item3 = 3 -> top1 = 3 (hit); user 1 (excluding 0): item1 = 1,
        // item2 = 0, item3 = 2 -> top1 = 3 (miss).
        assertEquals(0.5, report.segment("overall").metric("hr@1"), 1e-12);
        assertEquals(0.25, report.catalogue().get("coverage@1"), 1e-12);
        assertEquals(0.0, report.catalogue().get("mean_popularity@1"), 1e-12);
    }

    @Test
    void refusesAModelOfAnotherCorpus() {
        UserItems train = UserItems.of(1, 4, new int[] {0}, new int[] {0});
        FactorModel model = new FactorModel("m", 1, new float[] {1}, new float[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> RetrievalEvaluation.evaluate(model, train,
                new UserItems[] {train}, train, "test", RetrievalEvaluation.Options.defaults()));
    }
}
