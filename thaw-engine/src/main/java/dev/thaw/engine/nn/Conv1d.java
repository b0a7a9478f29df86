package dev.thaw.engine.nn;

import dev.thaw.engine.NN;
import dev.thaw.engine.Tensor;
import java.util.random.RandomGenerator;

/** Causal dilated 1-D convolution over [batch, length, channels] sequences (NextItNet blocks). */
public final class Conv1d extends Module implements Layer {
    private final Parameter weight;
    private final Parameter bias;
    private final int dilation;

    /** kernel taps, channels in and out, dilation; initialised as PyTorch does. */
    public Conv1d(int in, int out, int kernel, int dilation, RandomGenerator rng) {
        weight = parameter("weight", Init.fanInUniform(rng, in * kernel, kernel, in, out));
        bias = parameter("bias", Init.fanInUniform(rng, in * kernel, out));
        this.dilation = dilation;
    }

    @Override
    public Tensor forward(Weights weights, Tensor x) {
        return NN.conv1dCausal(x, weights.get(weight), weights.get(bias), dilation);
    }
}
