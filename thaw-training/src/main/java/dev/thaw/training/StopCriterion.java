package dev.thaw.training;

import java.util.List;

/** Decides from the validation history (one value per epoch, lower is better) whether training should stop. */
@FunctionalInterface
public interface StopCriterion {
    /** True when training should stop after the last entry of {@code history}. */
    boolean shouldStop(List<Double> history);

    /** Never stops early. */
    static StopCriterion never() {
        return history -> false;
    }

    /**
     * Stops when the best value is {@code patience} or more epochs old, where an epoch counts as an
     * improvement only if it beats the previous best by more than {@code minDelta}.
     */
    static StopCriterion patience(int patience, double minDelta) {
        if (patience < 1 || minDelta < 0) {
            throw new IllegalArgumentException("patience must be >= 1 and minDelta >= 0, got " + patience + ", "
                    + minDelta);
        }
        return history -> {
            int bestEpoch = 0;
            for (int e = 1; e < history.size(); e++) {
                if (history.get(e) < history.get(bestEpoch) - minDelta) {
                    bestEpoch = e;
                }
            }
            return history.size() - 1 - bestEpoch >= patience;
        };
    }
}
