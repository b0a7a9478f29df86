package dev.thaw.training.mf;

import dev.thaw.models.retrieval.mf.FactorModel;

/**
 * A fitted factor model and its training curve.
 *
 * @param model   the factors
 * @param losses  the loss after each epoch (see {@link FitProgress#epochDone})
 * @param seconds wall time of the fit
 */
public record FitResult(FactorModel model, double[] losses, double seconds) {
}
