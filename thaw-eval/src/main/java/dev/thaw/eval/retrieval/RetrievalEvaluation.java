package dev.thaw.eval.retrieval;

import dev.thaw.data.split.ImplicitSplit;
import dev.thaw.data.split.ItemPopularity;
import dev.thaw.data.split.UserItems;
import dev.thaw.models.retrieval.Retriever;
import dev.thaw.models.retrieval.serving.TopKLists;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Full-corpus evaluation of a {@link Retriever}: for every user with held-out items, all items of
 * the corpus are ranked except the user's training items (and, when the target is the test set,
 * the user's validation items), and the top of that ranking is compared with the held-out items.
 * No sampled candidates: a 1-positive-vs-99-negatives protocol overstates quality.
 *
 * <p>Per user and K, with R the held-out items and L the top K: Recall@K = |L ∩ R| / |R|;
 * HR@K = 1 if L ∩ R is not empty; NDCG@K = DCG / ideal DCG with binary gains and ideal DCG over
 * min(K, |R|) hits; MRR@K = 1 / rank of the first hit within the top K (0 without one). Each is the
 * mean over users. Head and tail segments restrict R to head or tail items (ranking unchanged) and
 * skip users with none; activity segments group users by training-set size into equal-count buckets.
 */
public final class RetrievalEvaluation {
    /** Users whose top-K lists are computed together (bounds memory). */
    private static final int USER_CHUNK = 2048;

    private RetrievalEvaluation() {
    }

    /** Which held-out set to score. */
    public enum Target { VALIDATION, TEST }

    /**
     * Evaluation settings.
     *
     * @param ks              the cut-offs, ascending
     * @param headFraction    share of (training-popular) items that form the head
     * @param activityBuckets number of user-activity buckets
     * @param threads         threads for scoring (results do not depend on it)
     */
    public record Options(int[] ks, double headFraction, int activityBuckets, int threads) {
        public Options {
            if (!ascendingPositive(ks)) {
                throw new IllegalArgumentException("ks must be ascending and >= 1, got " + Arrays.toString(ks));
            }
            if (activityBuckets < 1 || threads < 1) {
                throw new IllegalArgumentException("activityBuckets and threads must be >= 1");
            }
            ks = ks.clone();
        }

        /** K in {10, 20, 50}, head = top 20% of items, activity terciles, one thread. */
        public static Options defaults() {
            return new Options(new int[] {10, 20, 50}, ItemPopularity.DEFAULT_HEAD_FRACTION, 3, 1);
        }

        /** These options with another thread count. */
        public Options withThreads(int count) {
            return new Options(ks, headFraction, activityBuckets, count);
        }

        private static boolean ascendingPositive(int[] ks) {
            return ks.length > 0 && ks[0] >= 1 && IntStream.range(1, ks.length).allMatch(i -> ks[i] > ks[i - 1]);
        }

        int maxK() {
            return ks[ks.length - 1];
        }
    }

    /** Evaluates on a split's validation or test set (see the class comment for what is excluded). */
    public static RetrievalReport evaluate(Retriever model, ImplicitSplit split, Target target, Options options) {
        UserItems heldOut = target == Target.TEST ? split.test() : split.validation();
        UserItems[] excluded = target == Target.TEST
                ? new UserItems[] {split.train(), split.validation()} : new UserItems[] {split.train()};
        return evaluate(model, split.train(), excluded, heldOut, target.name().toLowerCase(), options);
    }

    /**
     * Evaluates on any held-out sets.
     *
     * @param train    training sets: the model's history, always excluded, and the popularity source
     * @param excluded every set whose items a user must not be recommended (includes {@code train})
     * @param heldOut  the relevant items per user
     */
    public static RetrievalReport evaluate(Retriever model, UserItems train, UserItems[] excluded, UserItems heldOut,
                                           String targetName, Options options) {
        if (model.itemCount() != train.itemCount() || heldOut.itemCount() != train.itemCount()) {
            throw new IllegalArgumentException("model has " + model.itemCount() + " items, data " + train.itemCount());
        }
        ItemPopularity popularity = ItemPopularity.ofCounts(train.itemCounts(), options.headFraction());
        int[] users = heldOut.nonEmptyUsers();
        int[] bucketOf = activityBuckets(users, train, options.activityBuckets());
        List<Accumulator> segments = new ArrayList<>();
        segments.add(new Accumulator("overall", item -> true, options.ks()));
        segments.add(new Accumulator("head", popularity::isHead, options.ks()));
        segments.add(new Accumulator("tail", item -> !popularity.isHead(item), options.ks()));
        Accumulator[] buckets = bucketAccumulators(users, bucketOf, train, options);
        CatalogueStats catalogue = new CatalogueStats(options.ks(), popularity, train.itemCount());
        for (int c0 = 0; c0 < users.length; c0 += USER_CHUNK) {
            int[] chunk = Arrays.copyOfRange(users, c0, Math.min(users.length, c0 + USER_CHUNK));
            TopKLists lists = RankedLists.of(model, chunk, train, excluded, options.maxK(), options.threads());
            for (int r = 0; r < chunk.length; r++) {
                int[] relevant = heldOut.items(chunk[r]);
                int[] ranked = lists.items()[r];
                for (Accumulator segment : segments) {
                    segment.add(ranked, relevant);
                }
                buckets[bucketOf[c0 + r]].add(ranked, relevant);
                catalogue.add(ranked);
            }
        }
        List<RetrievalReport.Segment> out = new ArrayList<>();
        segments.forEach(s -> out.add(s.result()));
        Arrays.stream(buckets).forEach(b -> out.add(b.result()));
        return new RetrievalReport(model.name(), targetName, out, catalogue.result());
    }

    /** Bucket of each user (by position in {@code users}): equal-count groups by (training size, user). */
    private static int[] activityBuckets(int[] users, UserItems train, int bucketCount) {
        Integer[] order = IntStream.range(0, users.length).boxed()
                .sorted(Comparator.<Integer>comparingInt(p -> train.size(users[p])).thenComparingInt(p -> users[p]))
                .toArray(Integer[]::new);
        int[] bucket = new int[users.length];
        for (int rank = 0; rank < order.length; rank++) {
            bucket[order[rank]] = (int) ((long) rank * bucketCount / order.length);
        }
        return bucket;
    }

    private static Accumulator[] bucketAccumulators(int[] users, int[] bucketOf, UserItems train, Options options) {
        int n = options.activityBuckets();
        int[] min = new int[n];
        int[] max = new int[n];
        Arrays.fill(min, Integer.MAX_VALUE);
        for (int p = 0; p < users.length; p++) {
            min[bucketOf[p]] = Math.min(min[bucketOf[p]], train.size(users[p]));
            max[bucketOf[p]] = Math.max(max[bucketOf[p]], train.size(users[p]));
        }
        Accumulator[] out = new Accumulator[n];
        for (int b = 0; b < n; b++) {
            String range = min[b] == Integer.MAX_VALUE ? "no users" : min[b] + "-" + max[b] + " train items";
            out[b] = new Accumulator("activity " + (b + 1) + "/" + n + " (" + range + ")", item -> true, options.ks());
        }
        return out;
    }

    /** Sums of per-user metrics for one segment. */
    private static final class Accumulator {
        private final String name;
        private final IntPredicate inSegment;
        private final int[] ks;
        private final double[][] sums;
        private int users;
        private int heldOut;

        Accumulator(String name, IntPredicate inSegment, int[] ks) {
            this.name = name;
            this.inSegment = inSegment;
            this.ks = ks;
            this.sums = new double[ks.length][4];
        }

        void add(int[] ranked, int[] allRelevant) {
            int[] relevant = Arrays.stream(allRelevant).filter(inSegment).toArray();
            if (relevant.length == 0) {
                return;
            }
            users++;
            heldOut += relevant.length;
            for (int c = 0; c < ks.length; c++) {
                int k = ks[c];
                int hits = 0;
                int firstHit = -1;
                double dcg = 0;
                for (int rank = 0; rank < Math.min(k, ranked.length); rank++) {
                    if (Arrays.binarySearch(relevant, ranked[rank]) >= 0) {
                        hits++;
                        dcg += 1 / log2(rank + 2);
                        firstHit = firstHit < 0 ? rank : firstHit;
                    }
                }
                double ideal = 0;
                for (int rank = 0; rank < Math.min(k, relevant.length); rank++) {
                    ideal += 1 / log2(rank + 2);
                }
                sums[c][0] += hits / (double) relevant.length;
                sums[c][1] += hits > 0 ? 1 : 0;
                sums[c][2] += dcg / ideal;
                sums[c][3] += firstHit < 0 ? 0 : 1.0 / (firstHit + 1);
            }
        }

        RetrievalReport.Segment result() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            String[] names = {"recall", "hr", "ndcg", "mrr"};
            for (int m = 0; m < names.length; m++) {
                for (int c = 0; c < ks.length; c++) {
                    metrics.put(names[m] + "@" + ks[c], users == 0 ? 0 : sums[c][m] / users);
                }
            }
            return new RetrievalReport.Segment(name, users, heldOut, metrics);
        }

        private static double log2(double x) {
            return Math.log(x) / Math.log(2);
        }
    }

    /** Coverage, mean popularity and head share of the recommended lists. */
    private static final class CatalogueStats {
        private final int[] ks;
        private final ItemPopularity popularity;
        private final java.util.BitSet[] seen;
        private final double[] popularitySum;
        private final long[] headCount;
        private final long[] listed;
        private final int itemCount;

        CatalogueStats(int[] ks, ItemPopularity popularity, int itemCount) {
            this.ks = ks;
            this.popularity = popularity;
            this.itemCount = itemCount;
            this.seen = new java.util.BitSet[ks.length];
            for (int c = 0; c < ks.length; c++) {
                seen[c] = new java.util.BitSet(itemCount);
            }
            this.popularitySum = new double[ks.length];
            this.headCount = new long[ks.length];
            this.listed = new long[ks.length];
        }

        void add(int[] ranked) {
            for (int c = 0; c < ks.length; c++) {
                for (int rank = 0; rank < Math.min(ks[c], ranked.length); rank++) {
                    seen[c].set(ranked[rank]);
                    popularitySum[c] += popularity.count(ranked[rank]);
                    headCount[c] += popularity.isHead(ranked[rank]) ? 1 : 0;
                    listed[c]++;
                }
            }
        }

        Map<String, Double> result() {
            Map<String, Double> out = new LinkedHashMap<>();
            for (int c = 0; c < ks.length; c++) {
                out.put("coverage@" + ks[c], seen[c].cardinality() / (double) itemCount);
            }
            for (int c = 0; c < ks.length; c++) {
                out.put("mean_popularity@" + ks[c], listed[c] == 0 ? 0 : popularitySum[c] / listed[c]);
            }
            for (int c = 0; c < ks.length; c++) {
                out.put("head_share@" + ks[c], listed[c] == 0 ? 0 : headCount[c] / (double) listed[c]);
            }
            return out;
        }
    }
}
