package dev.thaw.eval;

import dev.thaw.data.Seeds;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.engine.nn.Weights;
import dev.thaw.models.melu.EvidenceCandidates;
import dev.thaw.models.melu.MeluModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Does asking about evidence candidates help? Simulates onboarding with held-out users: for
 * k = 1..maxK, each user is asked about k items chosen by a strategy; only items in the user's
 * support set count as answered (their rating is known); the model adapts on the answers (no
 * answer: no adaptation) and is scored (MAE) on the user's query set, which is never asked about.
 */
public final class EvidenceEvaluation {
    /** How the k items are chosen. */
    public enum Strategy {
        /** MeLU's evidence score. */
        EVIDENCE,
        /** Most rated items. */
        POPULAR,
        /** A random permutation of the catalogue per user (seeded). */
        RANDOM
    }

    /**
     * One strategy's curve; index k-1 holds the value for k asked items.
     *
     * @param strategy    how items were chosen
     * @param mae         query MAE pooled over users
     * @param meanAnswers mean number of asked items the users had rated
     */
    public record Curve(Strategy strategy, double[] mae, double[] meanAnswers) {
    }

    private EvidenceEvaluation() {
    }

    /** The three curves for k = 1..maxK over {@code users}. */
    public static List<Curve> evaluate(MeluModel model, EvidenceCandidates evidence, List<TaskBatch> users, int maxK,
                                       long seed, TaskParallel runner) {
        if (maxK < 1 || users.isEmpty()) {
            throw new IllegalArgumentException("need maxK >= 1 and at least one user, got " + maxK + ", "
                    + users.size());
        }
        int itemCount = evidence.score().length;
        int[] evidenceOrder = evidence.top(maxK);
        int[] popularOrder = evidence.mostPopular(maxK);
        Strategy[] strategies = Strategy.values();
        List<double[][][]> perUser = runner.map(users.size(), u -> {
            int[] randomOrder = randomItems(itemCount, maxK, Seeds.derive(seed, Seeds.label("evidence/random"), u));
            double[][][] out = new double[strategies.length][maxK][];
            for (Strategy s : strategies) {
                int[] order = switch (s) {
                    case EVIDENCE -> evidenceOrder;
                    case POPULAR -> popularOrder;
                    case RANDOM -> randomOrder;
                };
                out[s.ordinal()] = curveOfUser(model, users.get(u), order);
            }
            return out;
        });
        List<Curve> curves = new ArrayList<>();
        int ratings = users.stream().mapToInt(t -> t.query().size()).sum();
        for (Strategy s : strategies) {
            double[] mae = new double[maxK];
            double[] answers = new double[maxK];
            for (double[][][] user : perUser) {
                for (int k = 0; k < maxK; k++) {
                    mae[k] += user[s.ordinal()][k][0] / ratings;
                    answers[k] += user[s.ordinal()][k][1] / users.size();
                }
            }
            curves.add(new Curve(s, mae, answers));
        }
        return curves;
    }

    /** Per k: {absolute error sum on the query, answered count}. */
    private static double[][] curveOfUser(MeluModel model, TaskBatch task, int[] asked) {
        Tensor support;
        Tensor query;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            support = model.features(Weights.current(), task.support());
            query = model.features(Weights.current(), task.query());
        }
        int[] supportItems = task.support().items();
        float[] supportRatings = task.support().labels().toFloatArray();
        float[] actual = task.query().labels().toFloatArray();
        double[][] out = new double[asked.length][];
        List<Integer> answered = new ArrayList<>();
        for (int k = 0; k < asked.length; k++) {
            for (int r = 0; r < supportItems.length; r++) {
                if (supportItems[r] == asked[k]) {
                    answered.add(r);
                }
            }
            Weights weights = Weights.current();
            if (!answered.isEmpty()) {
                int[] rows = answered.stream().mapToInt(Integer::intValue).toArray();
                Tensor x = Ops.gatherRows(support, rows);
                float[] y = new float[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    y[i] = supportRatings[rows[i]];
                }
                Tensor target = Tensor.of(y, y.length);
                weights = model.adaptOnRows(Weights.current(), x, target, false);
            }
            float[] predicted;
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                predicted = model.decide(weights, query).toFloatArray();
            }
            out[k] = new double[] {Metrics.absoluteErrorSum(predicted, actual), answered.size()};
        }
        return out;
    }

    private static int[] randomItems(int itemCount, int k, SplittableRandom random) {
        int[] order = new int[itemCount];
        Arrays.setAll(order, i -> i);
        Seeds.shuffle(order, random);
        return Arrays.copyOf(order, k);
    }
}
