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

    /**
     * The gradient of a row lookup's single input as the rows it read ({@link RowGradient}),
     * used instead of {@link Backward} when that input is a leaf and the backward pass is not recorded.
     */
    @FunctionalInterface
    interface RowsBackward {
        RowGradient apply(Tensor gradOutput);
    }

    final String name;
    final Tensor[] inputs;
    final Backward backward;
    final RowsBackward rowsBackward;

    Node(String name, Tensor[] inputs, Backward backward, RowsBackward rowsBackward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
        this.rowsBackward = rowsBackward;
    }
}
