package dev.thaw.engine;

/**
 * How a recorded tensor was computed: its inputs and the rule that maps the gradient of the output
 * to gradients of the inputs. Rules are written with {@link Ops}, so when the backward pass is
 * recorded ({@code createGraph}) it is itself differentiable.
 */
final class Node {
    /**
     * Maps the output's gradient to one gradient per input. {@code needed[i]} says whether input i's
     * gradient is wanted; a rule may return null there instead of computing it.
     */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor gradOutput, boolean[] needed);
    }

    final String name;
    final Tensor[] inputs;
    final Backward backward;

    Node(String name, Tensor[] inputs, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }
}
