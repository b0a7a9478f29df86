package dev.thaw.eval.retrieval;

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
 * The folding diagnostic on generated data with planted groups: users only ever interact with
 * items of their own group, so any recommended item of another group is folding. Every
 * interaction is a positive (threshold 1); the split is random 80/10/10 per user.
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

    /** Generated data with {@code groups} planted groups, as used by {@link #run}. */
    public static SyntheticData data(int users, int items, int groups, long seed) {
        return SyntheticGenerator.generate(SyntheticConfig.small(seed).withSize(users, items).withGroups(groups));
    }

    /** Trains every run on the data and measures folding at list length {@code k}. */
    public static List<Outcome> run(SyntheticData synthetic, List<RetrievalExperiment.Configured> runs, int k, long seed,
                                     int threads, java.util.function.Function<RetrievalExperiment.Run, FitProgress> progress) {
        RetrievalData data = RetrievalData.of(synthetic.dataset(), 1f, ImplicitSplit.Order.RANDOM, seed);
        int[] itemGroup = IntStream.range(0, data.split().itemCount()).map(synthetic::itemGroup).toArray();
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
