package dev.thaw.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Reverse-mode differentiation over the graph that recorded operations leave behind.
 *
 * <p>{@link #grad(List, List, List, boolean)} has the semantics of {@code torch.autograd.grad}:
 * with {@code createGraph} the backward pass is recorded too, so its results can be
 * differentiated again (second-order MAML). Grad mode is per thread, so independent graphs can
 * be built and differentiated on several threads at once.
 */
public final class Autograd {
    private static final ThreadLocal<boolean[]> GRAD_ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Autograd() {
    }

    /** Whether operations on this thread are recorded. */
    public static boolean isGradEnabled() {
        return GRAD_ENABLED.get()[0];
    }

    /** A scope in which nothing is recorded; closing it restores the previous mode. */
    public static Scope noGrad() {
        return setGradEnabled(false);
    }

    /** A scope that sets grad mode on this thread; closing it restores the previous mode. */
    public static Scope setGradEnabled(boolean enabled) {
        boolean[] flag = GRAD_ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    /** A try-with-resources scope that cannot fail to close. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Gradient of a scalar output with respect to each input; see {@link #grad(List, List, List, boolean)}. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(List.of(output), null, inputs, createGraph);
    }

    /**
     * Gradients of {@code sum_i <gradOutputs_i, outputs_i>} with respect to each input.
     *
     * @param outputs     tensors to differentiate
     * @param gradOutputs seeds, one per output with its shape; null means ones (scalar outputs)
     * @param inputs      tensors to differentiate with respect to (leaves or intermediates)
     * @param createGraph record the backward pass so that the results can be differentiated again
     * @return one gradient per input, zeros where an input does not influence the outputs
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs,
                                    boolean createGraph) {
        Accumulated grads = run(outputs, gradOutputs, wantedSet(inputs), createGraph);
        List<Tensor> result = new ArrayList<>(inputs.size());
        for (Tensor input : inputs) {
            Gradient g = grads.get(input);
            result.add(g != null ? g.toDense() : input.zerosLike());
        }
        return result;
    }

    /**
     * The gradient of a scalar output with respect to each input, not recorded. A leaf input that
     * the output reads only through row lookups ({@link Ops#gatherRows}, and so embedding tables)
     * gets a {@link RowGradient} of the rows it read; every other input a {@link Gradient.Dense}
     * (zeros where it does not influence the output). The values equal {@code grad(output, inputs, false)}.
     */
    public static List<Gradient> gradients(Tensor output, List<Tensor> inputs) {
        Accumulated grads = run(List.of(output), null, wantedSet(inputs), false);
        List<Gradient> result = new ArrayList<>(inputs.size());
        for (Tensor input : inputs) {
            Gradient g = grads.get(input);
            result.add(g != null ? g : new Gradient.Dense(input.zerosLike()));
        }
        return result;
    }

    /**
     * Accumulates d(output)/d(leaf) into {@link Tensor#grad()} of every leaf that requires a
     * gradient (gradient accumulation: repeated calls add up until {@link Tensor#zeroGrad()}).
     */
    public static void backward(Tensor output) {
        Accumulated grads = run(List.of(output), null, null, false);
        grads.forEachLeaf((leaf, g) -> leaf.accumulateGrad(g.toDense()));
    }

    private static Set<Tensor> wantedSet(List<Tensor> inputs) {
        Set<Tensor> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        wanted.addAll(inputs);
        return wanted;
    }

    private static Accumulated run(List<Tensor> outputs, List<Tensor> seeds, Set<Tensor> wanted, boolean createGraph) {
        List<Tensor> seedValues = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            Tensor out = outputs.get(i);
            if (!out.requiresGrad) {
                throw new IllegalArgumentException("output " + i + " does not require a gradient: nothing that "
                        + "produced it depends on a tensor marked requireGrad()");
            }
            Tensor seed = seeds == null ? scalarSeed(out) : seeds.get(i);
            if (!Arrays.equals(seed.shape, out.shape)) {
                throw new IllegalArgumentException("gradient seed shape " + Shapes.str(seed.shape)
                        + " differs from output shape " + Shapes.str(out.shape));
            }
            seedValues.add(seed);
        }
        BackwardGraph graph = new BackwardGraph(outputs, wanted);
        Accumulated grads = new Accumulated(graph, createGraph);
        for (int i = 0; i < outputs.size(); i++) {
            grads.add(graph.slot(outputs.get(i)), seedValues.get(i));
        }
        try (Scope ignored = setGradEnabled(createGraph)) {
            for (int s = graph.size() - 1; s >= 0; s--) {
                if (graph.tensor(s).isLeaf()) {
                    continue;
                }
                Tensor g = grads.handOn(s);
                if (g == null || !graph.leads(s)) {
                    continue;
                }
                if (!graph.wanted(s)) {
                    grads.remove(s);
                }
                propagate(graph, s, g, grads, createGraph);
            }
        }
        return grads;
    }

    private static void propagate(BackwardGraph graph, int s, Tensor g, Accumulated grads, boolean createGraph) {
        Node node = graph.tensor(s).node;
        int[] inputs = graph.inputs(s);
        boolean[] needed = new boolean[inputs.length];
        for (int j = 0; j < needed.length; j++) {
            needed[j] = inputs[j] >= 0 && graph.leads(inputs[j]);
        }
        if (node.rowsBackward != null && !createGraph && node.inputs[0].node == null) {
            if (needed[0]) {
                grads.add(inputs[0], node.rowsBackward.apply(g));
            }
            return;
        }
        Tensor[] inputGrads = node.backward.apply(g, needed);
        for (int j = 0; j < inputs.length; j++) {
            Tensor in = node.inputs[j];
            if (!needed[j] || inputGrads[j] == null) {
                continue;
            }
            if (!Arrays.equals(inputGrads[j].shape, in.shape)) {
                throw new IllegalStateException("backward of " + node.name + " gave gradient shape "
                        + Shapes.str(inputGrads[j].shape) + " for input " + j + " of shape " + Shapes.str(in.shape));
            }
            grads.add(inputs[j], inputGrads[j]);
        }
    }

    /**
     * Gradients summed so far, one value per tensor of the graph (by its number): dense, or rows
     * for a leaf whose every contribution so far was a row lookup's. Contributions are added in
     * arrival order, each element as {@code previous + new}, whichever form they take, so the sums
     * are the dense ones. When the pass is not recorded, a sum this object made itself is added to
     * in place until its tensor's gradient is handed on (backward rules may return it unchanged as
     * another's).
     */
    private static final class Accumulated {
        private final BackwardGraph graph;
        private final boolean recorded;
        private final Tensor[] dense;
        private final RowGradient[] rows;
        private final boolean[] ownSum;

        Accumulated(BackwardGraph graph, boolean recorded) {
            this.graph = graph;
            this.recorded = recorded;
            dense = new Tensor[graph.size()];
            rows = new RowGradient[graph.size()];
            ownSum = new boolean[graph.size()];
        }

        void add(int s, Tensor g) {
            RowGradient previousRows = rows[s];
            if (previousRows != null) {
                rows[s] = null;
                putSum(s, previousRows.toDense(), new Gradient.Dense(g));
                return;
            }
            Tensor previous = dense[s];
            if (previous == null) {
                dense[s] = g;
            } else if (recorded || !ownSum[s]) {
                dense[s] = Ops.add(previous, g);
                ownSum[s] = !recorded;
            } else {
                putSum(s, previous, new Gradient.Dense(g));
            }
        }

        void add(int s, RowGradient g) {
            Tensor previousDense = dense[s];
            if (previousDense != null) {
                putSum(s, ownSum[s] ? previousDense : previousDense.toDType(previousDense.dtype), g);
                return;
            }
            rows[s] = rows[s] == null ? g : RowGradient.sum(rows[s], g);
        }

        /** Adds g into {@code sum}, a tensor nothing else holds, which becomes tensor s's gradient. */
        private void putSum(int s, Tensor sum, Gradient g) {
            g.addInto(sum);
            dense[s] = sum;
            ownSum[s] = true;
        }

        /** The dense gradient of tensor s, to pass to its backward rule (null when none or held as rows, as only leaves are). */
        Tensor handOn(int s) {
            ownSum[s] = false;
            return dense[s];
        }

        void remove(int s) {
            dense[s] = null;
            rows[s] = null;
            ownSum[s] = false;
        }

        /** The gradient of t, or null when it got none. */
        Gradient get(Tensor t) {
            int s = graph.slot(t);
            if (s < 0) {
                return null;
            }
            return dense[s] != null ? new Gradient.Dense(dense[s]) : rows[s];
        }

        void forEachLeaf(java.util.function.BiConsumer<Tensor, Gradient> action) {
            for (int s = 0; s < dense.length; s++) {
                Tensor t = graph.tensor(s);
                if (t.isLeaf() && (dense[s] != null || rows[s] != null)) {
                    action.accept(t, dense[s] != null ? new Gradient.Dense(dense[s]) : rows[s]);
                }
            }
        }
    }

    private static Tensor scalarSeed(Tensor out) {
        if (out.size() != 1) {
            throw new IllegalArgumentException("grad of a non-scalar output of shape " + Shapes.str(out.shape)
                    + " needs explicit gradOutputs");
        }
        return Tensor.full(1.0, out.dtype, out.shape);
    }
}
