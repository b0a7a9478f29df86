package dev.thaw.training.mf;

/** Called after every epoch (an ALS iteration or an SGD pass) of a factorisation fit. */
@FunctionalInterface
public interface FitProgress {
    /** No reporting. */
    FitProgress NONE = (epoch, epochs, loss, elapsedNanos) -> { };

    /**
     * @param epoch        epochs done so far (1-based)
     * @param epochs       epochs planned
     * @param loss         the objective after this epoch (WALS: full objective; BPR: mean sampled loss)
     * @param elapsedNanos time since the fit began
     */
    void epochDone(int epoch, int epochs, double loss, long elapsedNanos);
}
