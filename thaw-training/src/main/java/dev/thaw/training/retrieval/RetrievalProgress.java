package dev.thaw.training.retrieval;

import dev.thaw.training.ProgressListener;
import java.io.PrintStream;

/**
 * Prints a progress line (epoch, step, pairs/s, loss, last validation score, ETA) at most once per
 * interval, one line per epoch and one at the end.
 */
public final class RetrievalProgress implements RetrievalTrainingListener {
    private final PrintStream out;
    private final long intervalNanos;
    private final String metric;
    private Plan plan;
    private long lastPrint;
    private long pairsDone;
    private long stepsDone;
    private double lastValidation = Double.NaN;

    /** Progress on {@code out} at most every {@code intervalMillis}; {@code metric} names the validation score. */
    public RetrievalProgress(PrintStream out, long intervalMillis, String metric) {
        this.out = out;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.metric = metric;
    }

    @Override
    public void onStart(Plan trainingPlan) {
        plan = trainingPlan;
        lastPrint = System.nanoTime();
    }

    @Override
    public void onStep(Step step) {
        pairsDone += step.pairs();
        stepsDone++;
        long now = System.nanoTime();
        if (now - lastPrint >= intervalNanos) {
            lastPrint = now;
            out.println(line(step));
        }
    }

    /** The progress line after {@code step}. */
    String line(Step step) {
        double seconds = step.elapsedNanos() / 1e9;
        long totalSteps = (long) plan.maxEpochs() * plan.stepsPerEpoch();
        double eta = seconds / stepsDone * Math.max(0, totalSteps - stepsDone);
        if (plan.timeBudgetNanos() > 0) {
            eta = Math.min(eta, Math.max(0, plan.timeBudgetNanos() / 1e9 - seconds));
        }
        return String.format("epoch %d/%d step %d/%d | %.0f pairs/s | loss %.4f | val %s %s | ETA %s",
                step.epoch() + 1, plan.maxEpochs(), step.step() + 1, plan.stepsPerEpoch(), pairsDone / seconds,
                step.loss(), metric, Double.isNaN(lastValidation) ? "-" : String.format("%.4f", lastValidation),
                ProgressListener.duration(eta));
    }

    @Override
    public void onEpochEnd(Epoch epoch) {
        lastValidation = epoch.validation();
        out.printf("epoch %d done | train loss %.4f | val %s %.4f%s%n", epoch.epoch(), epoch.trainLoss(), metric,
                epoch.validation(), epoch.improved() ? " (best)" : "");
    }

    @Override
    public void onEnd(TwoTowerFit fit) {
        out.printf("training stopped (%s) after %d steps, %.1f s; best epoch %d, val %s %.4f%n", fit.stopReason(),
                fit.steps(), fit.seconds(), fit.bestEpoch(), metric, fit.bestValidation());
    }
}
