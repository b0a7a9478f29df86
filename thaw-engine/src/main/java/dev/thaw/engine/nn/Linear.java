package dev.thaw.engine.nn;

import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import java.util.random.RandomGenerator;

/**
 * y = x W + b with W [in, out] and b [out]. With task-batched weights (W [tasks, in, out],
 * b [tasks, out]) and x [tasks, rows, in] it evaluates every task's own weights at once.
 */
public final class Linear extends Module implements Layer {
    private final Parameter weight;
    private final Parameter bias;

    /** A layer initialised as PyTorch does (uniform in +-1/sqrt(in)); bias optional. */
    public Linear(int in, int out, boolean withBias, RandomGenerator rng) {
        weight = parameter("weight", Init.fanInUniform(rng, in, in, out));
        bias = withBias ? parameter("bias", Init.fanInUniform(rng, in, out)) : null;
    }

    /** The weight parameter [in, out]. */
    public Parameter weight() {
        return weight;
    }

    /** The bias parameter [out], or null. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Weights weights, Tensor x) {
        Tensor w = weights.get(weight);
        if (bias == null) {
            return Ops.matmul(x, w);
        }
        Tensor b = weights.get(bias);
        if (b.rank() == 2) {
            b = Ops.reshape(b, b.dim(0), 1, b.dim(1));
        }
        return NN.linear(x, w, b);
    }
}
