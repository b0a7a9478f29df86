package dev.thaw.training;

import java.io.PrintStream;

/**
 * Prints a progress line (epoch, step, tasks/s, loss, validation MAE, ETA) at most once per
 * interval, and one line per epoch.
 */
public final class ProgressListener implements TrainingListener {
    private final PrintStream out;
    private final long intervalNanos;
    private TrainingPlan plan;
    private long lastPrint;
    private long tasksDone;
    private long stepsDone;
    private double lastValidation = Double.NaN;

    /** Progress on {@code out} at most every {@code intervalMillis}. */
    public ProgressListener(PrintStream out, long intervalMillis) {
        this.out = out;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    @Override
    public void onStart(TrainingPlan trainingPlan) {
        plan = trainingPlan;
        lastPrint = System.nanoTime();
    }

    @Override
    public void onMetaStep(MetaStepEvent event) {
        tasksDone += event.tasks();
        stepsDone++;
        long now = System.nanoTime();
        if (now - lastPrint >= intervalNanos) {
            lastPrint = now;
            out.println(line(event));
        }
    }

    /** The progress line after {@code event}. */
    String line(MetaStepEvent event) {
        double seconds = event.elapsedNanos() / 1e9;
        long totalSteps = (long) (plan.maxEpochs() - plan.firstEpoch()) * plan.stepsPerEpoch();
        double eta = seconds / stepsDone * Math.max(0, totalSteps - stepsDone);
        if (plan.timeBudgetNanos() > 0) {
            eta = Math.min(eta, Math.max(0, plan.timeBudgetNanos() / 1e9 - seconds));
        }
        return String.format("epoch %d/%d step %d/%d | %.0f tasks/s | loss %.4f | val MAE %s | ETA %s",
                event.epoch() + 1, plan.maxEpochs(), event.step() + 1, plan.stepsPerEpoch(), tasksDone / seconds,
                event.queryLoss(), Double.isNaN(lastValidation) ? "-" : String.format("%.4f", lastValidation),
                duration(eta));
    }

    @Override
    public void onEpochEnd(EpochEvent event) {
        lastValidation = event.validationMae();
        out.printf("epoch %d done | train loss %.4f%s%n", event.state().epochsDone(), event.trainLoss(),
                Double.isNaN(event.validationMae()) ? ""
                        : String.format(" | val MAE %.4f%s", event.validationMae(), event.improved() ? " (best)" : ""));
    }

    @Override
    public void onEnd(TrainingResult result) {
        out.printf("training stopped (%s) after %d epochs, %.1f s%s%n", result.stopReason(),
                result.state().epochsDone(), result.seconds(), result.bestEpoch() < 0 ? " (no validation)"
                        : String.format("; best epoch %d, val MAE %.4f", result.bestEpoch() + 1,
                        result.bestValidationMae()));
    }

    /** Seconds as a short duration: {@code 1h02m}, {@code 3m05s} or {@code 12s}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
