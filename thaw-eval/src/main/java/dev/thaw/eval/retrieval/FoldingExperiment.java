package dev.thaw.eval.retrieval;

import dev.thaw.data.CrossDomainPair;
import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import dev.thaw.data.Seeds;
import dev.thaw.data.split.ImplicitSplit;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticData;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.training.mf.FitProgress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The folding diagnostic on data whose item groups never share a user: generated data with planted
 * groups, or two real domains with their users divided between them. Any recommended item of a
 * group the user never touched is folding. Every interaction is a positive (threshold 1); the
 * split is random 80/10/10 per user.
 */
public final class FoldingExperiment {
    private FoldingExperiment() {
    }

    /**
     * One run's folding and its test accuracy.
     *
     * @param folding the diagnostic on the training users' top-K
     * @param test    full-corpus test metrics, to show the model is not degenerate
     */
    public record Outcome(String run, FoldingDiagnostic.Result folding, RetrievalReport test) {
        /** JSON-ready map. */
        public Map<String, Object> asMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("run", run);
            out.put("folding", folding.asMap());
            out.put("test", test.asMap());
            return out;
        }
    }

    /** Generated data with {@code groups} planted groups; the group of an item is its planted group. */
    public static GroupedData synthetic(int users, int items, int groups, long seed) {
        SyntheticData data = SyntheticGenerator.generate(SyntheticConfig.small(seed).withSize(users, items)
                .withGroups(groups));
        return new GroupedData(data.dataset(), IntStream.range(0, items).map(data::itemGroup).toArray());
    }

    /**
     * Two real domains made disjoint: every user of an Amazon cross-domain pair keeps the rows
     * (train and test files) of one domain only, chosen by a seeded coin per user, so the two
     * domains' items never share a user. Items are numbered x's first; group 0 = x, 1 = y.
     */
    public static GroupedData crossDomain(CrossDomainPair pair, long seed) {
        IdMap.Builder items = IdMap.builder();
        pair.x().items().rawIds().forEach(id -> items.add(pair.x().name() + ":" + id));
        pair.y().items().rawIds().forEach(id -> items.add(pair.y().name() + ":" + id));
        int offset = pair.x().items().size();
        boolean[] keepsX = new boolean[pair.users().size()];
        for (int u = 0; u < keepsX.length; u++) {
            keepsX[u] = Seeds.derive(seed, Seeds.label("folding/domain"), u).nextBoolean();
        }
        List<int[]> rows = new ArrayList<>();
        for (Interactions log : List.of(pair.x().train(), pair.x().test(), pair.y().train(), pair.y().test())) {
            boolean isX = log == pair.x().train() || log == pair.x().test();
            for (int r = 0; r < log.size(); r++) {
                if (keepsX[log.user(r)] == isX) {
                    rows.add(new int[] {log.user(r), log.item(r) + (isX ? 0 : offset)});
                }
            }
        }
        int n = rows.size();
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        long[] noTime = new long[n];
        java.util.Arrays.fill(noTime, Interactions.NO_TIMESTAMP);
        Interactions merged = new Interactions(pair.users(), items.build(), rows.stream().mapToInt(x -> x[0]).toArray(),
                rows.stream().mapToInt(x -> x[1]).toArray(), ones, noTime);
        int[] itemGroup = IntStream.range(0, merged.items().size()).map(i -> i < offset ? 0 : 1).toArray();
        return new GroupedData(new RecDataset(pair.name() + " (disjoint users)", merged, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), "folding split of " + pair.name()), itemGroup);
    }

    /**
     * Interactions whose items belong to groups that never share a user.
     *
     * @param dataset   the interactions (every row a positive)
     * @param itemGroup each item's group
     */
    public record GroupedData(RecDataset dataset, int[] itemGroup) {
    }

    /** Trains every run on grouped data and measures folding at list length {@code k}. */
    public static List<Outcome> run(GroupedData grouped, List<RetrievalExperiment.Configured> runs, int k, long seed,
                                     int threads, java.util.function.Function<RetrievalExperiment.Run, FitProgress> progress) {
        RetrievalData data = RetrievalData.of(grouped.dataset(), 1f, ImplicitSplit.Order.RANDOM, seed);
        int[] itemGroup = grouped.itemGroup();
        RetrievalEvaluation.Options options = RetrievalEvaluation.Options.defaults().withThreads(threads);
        List<Outcome> out = new ArrayList<>();
        for (RetrievalExperiment.Configured run : runs) {
            RetrievalExperiment.Outcome trained = RetrievalExperiment.run(data, run, seed, threads,
                    progress.apply(run.run()), options);
            out.add(new Outcome(run.run().label(), FoldingDiagnostic.measure(trained.model(), data.split().train(), itemGroup,
                    k, threads), trained.test()));
        }
        return out;
    }
}
