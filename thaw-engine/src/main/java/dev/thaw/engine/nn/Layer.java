package dev.thaw.engine.nn;

import dev.thaw.engine.Tensor;

/** A module that maps one tensor to another. */
public interface Layer {
    /** The output for x, reading parameters through the given weights. */
    Tensor forward(Weights weights, Tensor x);

    /** The output for x with the current parameter values. */
    default Tensor forward(Tensor x) {
        return forward(Weights.current(), x);
    }
}
