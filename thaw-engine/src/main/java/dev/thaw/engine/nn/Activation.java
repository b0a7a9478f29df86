package dev.thaw.engine.nn;

import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import java.util.function.UnaryOperator;

/** Element-wise activations for layers that take one by name. */
public enum Activation {
    RELU(Ops::relu), GELU(Ops::gelu), TANH(Ops::tanh), SIGMOID(Ops::sigmoid), IDENTITY(x -> x);

    private final UnaryOperator<Tensor> fn;

    Activation(UnaryOperator<Tensor> fn) {
        this.fn = fn;
    }

    /** The activation applied to x. */
    public Tensor apply(Tensor x) {
        return fn.apply(x);
    }
}
