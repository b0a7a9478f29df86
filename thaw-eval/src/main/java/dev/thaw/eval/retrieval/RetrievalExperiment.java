package dev.thaw.eval.retrieval;

import dev.thaw.models.retrieval.Retriever;
import dev.thaw.training.mf.FitProgress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains model runs on one split and evaluates each on the validation and the test users, as
 * {@code thaw retrieval train} and {@code thaw retrieval compare} report them.
 */
public final class RetrievalExperiment {
    private RetrievalExperiment() {
    }

    /**
     * One model to train: a family and its parameters.
     *
     * @param family the family
     * @param params given parameter values (defaults fill the rest)
     */
    public record Run(RetrieverFamily family, Map<String, String> params) {
        /**
         * Parses "family key=value key=value", e.g. "wals w0=0 dim=32".
         *
         * @throws IllegalArgumentException naming the bad part
         */
        public static Run parse(String spec) {
            String[] parts = spec.trim().split("\\s+");
            Map<String, String> params = new LinkedHashMap<>();
            for (int p = 1; p < parts.length; p++) {
                int eq = parts[p].indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("model run '" + spec + "': expected key=value, got '" + parts[p] + "'");
                }
                params.put(parts[p].substring(0, eq), parts[p].substring(eq + 1));
            }
            return new Run(RetrieverFamilies.byName(parts[0]), params);
        }

        /** The family configured with these parameters; fails on a bad key or value before any data is read. */
        public Configured configure() {
            RetrieverParams checked = RetrieverFamilies.params(family, params);
            return new Configured(this, family.configure(checked), checked.used());
        }

        /** "wals w0=0" style label. */
        public String label() {
            StringBuilder label = new StringBuilder(family.name());
            params.forEach((k, v) -> label.append(' ').append(k).append('=').append(v));
            return label.toString();
        }
    }

    /**
     * A run whose parameters were checked.
     *
     * @param run     what was asked
     * @param trainer the configured family
     * @param used    every parameter value used, defaults included
     */
    public record Configured(Run run, RetrieverFamily.Trainer trainer, Map<String, Object> used) {
    }

    /**
     * A trained and evaluated run.
     *
     * @param run        what was asked
     * @param used       every parameter value used, defaults included
     * @param model      the trained model
     * @param seconds    training time
     * @param validation metrics on validation users
     * @param test       metrics on test users
     */
    public record Outcome(Run run, Map<String, Object> used, Retriever model, double seconds,
                          RetrievalReport validation, RetrievalReport test) {
        /** JSON-ready map (without the model). */
        public Map<String, Object> asMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("run", run.label());
            out.put("family", run.family().name());
            out.put("params", used);
            out.put("train_seconds", seconds);
            out.put("validation", validation.asMap());
            out.put("test", test.asMap());
            return out;
        }
    }

    /** Trains and evaluates one run. */
    public static Outcome run(RetrievalData data, Run run, long seed, int threads, FitProgress progress,
                              RetrievalEvaluation.Options options) {
        return run(data, run.configure(), seed, threads, progress, options);
    }

    /** Trains and evaluates one configured run. */
    public static Outcome run(RetrievalData data, Configured configured, long seed, int threads, FitProgress progress,
                              RetrievalEvaluation.Options options) {
        long start = System.nanoTime();
        Retriever model = configured.trainer().fit(new RetrieverFamily.TrainingData(data.split(), data.trainValues(),
                seed, threads, data.dataset()), progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        RetrievalReport validation = RetrievalEvaluation.evaluate(model, data.split(),
                RetrievalEvaluation.Target.VALIDATION, options);
        RetrievalReport test = RetrievalEvaluation.evaluate(model, data.split(), RetrievalEvaluation.Target.TEST, options);
        return new Outcome(configured.run(), configured.used(), model, seconds, validation, test);
    }

    /** Trains and evaluates several configured runs in order. */
    public static List<Outcome> runAll(RetrievalData data, List<Configured> runs, long seed, int threads,
                                       java.util.function.Function<Run, FitProgress> progress,
                                       RetrievalEvaluation.Options options) {
        List<Outcome> out = new ArrayList<>();
        for (Configured run : runs) {
            out.add(run(data, run, seed, threads, progress.apply(run.run()), options));
        }
        return out;
    }
}
