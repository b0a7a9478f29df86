package dev.thaw.eval;

import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.meta.TaskParallel;
import java.util.List;

/**
 * The cold-start protocol: each test task's predictor sees the task's support set (e.g. adapts on
 * it) and predicts the query ratings, which are scored against the truth.
 */
public final class ColdStartEvaluation {
    private ColdStartEvaluation() {
    }

    /** Evaluates {@code predictor} on {@code tasks} (in parallel on {@code runner}). */
    public static Report evaluate(String name, TaskPredictor predictor, List<TaskBatch> tasks, TaskParallel runner) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no tasks to evaluate " + name + " on");
        }
        List<double[]> perTask = runner.map(tasks.size(), t -> {
            TaskBatch task = tasks.get(t);
            float[] actual = task.query().labels().toFloatArray();
            float[] predicted = predictor.predictQuery(task);
            return new double[] {Metrics.absoluteErrorSum(predicted, actual), Metrics.squaredErrorSum(predicted, actual),
                    Metrics.ndcg(predicted, actual, 1), Metrics.ndcg(predicted, actual, 3),
                    Metrics.ndcg(predicted, actual, 1, Metrics.Gain.LINEAR),
                    Metrics.ndcg(predicted, actual, 3, Metrics.Gain.LINEAR), actual.length};
        });
        double[] sums = new double[7];
        for (double[] p : perTask) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += p[i];
            }
        }
        int ratings = (int) sums[6];
        return new Report(name, tasks.size(), ratings, sums[0] / ratings, Math.sqrt(sums[1] / ratings),
                sums[2] / tasks.size(), sums[3] / tasks.size(), sums[4] / tasks.size(), sums[5] / tasks.size());
    }
}
