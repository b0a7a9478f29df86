package dev.thaw.engine.nn;

import dev.thaw.engine.NN;
import dev.thaw.engine.Tensor;

/** Layer normalisation over the last axis with learnt scale (ones) and shift (zeros). */
public final class LayerNorm extends Module implements Layer {
    private final Parameter gamma;
    private final Parameter beta;
    private final double eps;

    /** Normalises vectors of the given size. */
    public LayerNorm(int features, double eps) {
        gamma = parameter("gamma", Tensor.full(1, dev.thaw.engine.DType.FLOAT32, features));
        beta = parameter("beta", Tensor.zeros(dev.thaw.engine.DType.FLOAT32, features));
        this.eps = eps;
    }

    @Override
    public Tensor forward(Weights weights, Tensor x) {
        return NN.layerNorm(x, weights.get(gamma), weights.get(beta), eps);
    }
}
