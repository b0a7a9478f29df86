package dev.thaw.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
        List<Tensor> order = topologicalOrder(outputs);
        Map<Tensor, Boolean> leadsToWanted = new IdentityHashMap<>();
        for (Tensor t : order) {
            leadsToWanted.put(t, leads(t, wanted, leadsToWanted));
        }
        Accumulated grads = new Accumulated(createGraph);
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
            grads.add(out, seed);
        }
        try (Scope ignored = setGradEnabled(createGraph)) {
            for (int k = order.size() - 1; k >= 0; k--) {
                Tensor t = order.get(k);
                Tensor g = grads.handOn(t);
                if (g == null || t.node == null || !leadsToWanted.get(t)) {
                    continue;
                }
                if (wanted == null || !wanted.contains(t)) {
                    grads.remove(t);
                }
                propagate(t, g, grads, leadsToWanted, wanted, createGraph);
            }
        }
        return grads;
    }

    private static void propagate(Tensor t, Tensor g, Accumulated grads, Map<Tensor, Boolean> leadsToWanted,
                                  Set<Tensor> wanted, boolean createGraph) {
        Node node = t.node;
        boolean[] needed = new boolean[node.inputs.length];
        for (int j = 0; j < needed.length; j++) {
            Tensor in = node.inputs[j];
            needed[j] = in.requiresGrad
                    && (in.node == null ? (wanted == null || wanted.contains(in)) : leadsToWanted.get(in));
        }
        if (node.rowsBackward != null && !createGraph && node.inputs[0].node == null) {
            if (needed[0]) {
                grads.add(node.inputs[0], node.rowsBackward.apply(g));
            }
            return;
        }
        Tensor[] inputGrads = node.backward.apply(g, needed);
        for (int j = 0; j < node.inputs.length; j++) {
            Tensor in = node.inputs[j];
            if (!needed[j] || inputGrads[j] == null) {
                continue;
            }
            if (!Arrays.equals(inputGrads[j].shape, in.shape)) {
                throw new IllegalStateException("backward of " + node.name + " gave gradient shape "
                        + Shapes.str(inputGrads[j].shape) + " for input " + j + " of shape " + Shapes.str(in.shape));
            }
            grads.add(in, inputGrads[j]);
        }
    }

    private static boolean leads(Tensor t, Set<Tensor> wanted, Map<Tensor, Boolean> known) {
        if (wanted == null) {
            return true;
        }
        if (wanted.contains(t)) {
            return true;
        }
        for (Tensor in : t.node.inputs) {
            if (in.requiresGrad && (in.node == null ? wanted.contains(in) : known.get(in))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gradients summed so far, one value per tensor: dense, or rows for a leaf whose every
     * contribution so far was a row lookup's. Contributions are added in arrival order, each
     * element as {@code previous + new}, whichever form they take, so the sums are the dense ones.
     * When the pass is not recorded, a sum this map made itself is added to in place until its
     * tensor's gradient is handed on (backward rules may return it unchanged as another's).
     */
    private static final class Accumulated {
        private final boolean recorded;
        private final Map<Tensor, Tensor> dense = new IdentityHashMap<>();
        private final Map<Tensor, RowGradient> rows = new IdentityHashMap<>();
        private final Set<Tensor> ownSums = Collections.newSetFromMap(new IdentityHashMap<>());

        Accumulated(boolean recorded) {
            this.recorded = recorded;
        }

        void add(Tensor t, Tensor g) {
            RowGradient previousRows = rows.remove(t);
            if (previousRows != null) {
                putSum(t, previousRows.toDense(), new Gradient.Dense(g));
                return;
            }
            Tensor previous = dense.get(t);
            if (previous == null) {
                dense.put(t, g);
            } else if (recorded || !ownSums.contains(t)) {
                dense.put(t, Ops.add(previous, g));
                if (!recorded) {
                    ownSums.add(t);
                }
            } else {
                putSum(t, previous, new Gradient.Dense(g));
            }
        }

        void add(Tensor t, RowGradient g) {
            Tensor previousDense = dense.get(t);
            if (previousDense != null) {
                putSum(t, ownSums.contains(t) ? previousDense : previousDense.toDType(previousDense.dtype), g);
                return;
            }
            RowGradient previous = rows.get(t);
            rows.put(t, previous == null ? g : RowGradient.sum(previous, g));
        }

        /** Adds g into {@code sum}, a tensor nothing else holds, which becomes t's gradient. */
        private void putSum(Tensor t, Tensor sum, Gradient g) {
            g.addInto(sum);
            dense.put(t, sum);
            ownSums.add(t);
        }

        /** The dense gradient of t, to pass to its backward rule (null when none or held as rows, as only leaves are). */
        Tensor handOn(Tensor t) {
            ownSums.remove(t);
            return dense.get(t);
        }

        void remove(Tensor t) {
            dense.remove(t);
            rows.remove(t);
            ownSums.remove(t);
        }

        Gradient get(Tensor t) {
            Tensor d = dense.get(t);
            return d != null ? new Gradient.Dense(d) : rows.get(t);
        }

        void forEachLeaf(java.util.function.BiConsumer<Tensor, Gradient> action) {
            dense.forEach((t, g) -> {
                if (t.isLeaf()) {
                    action.accept(t, new Gradient.Dense(g));
                }
            });
            rows.forEach(action);
        }
    }

    private static Tensor scalarSeed(Tensor out) {
        if (out.size() != 1) {
            throw new IllegalArgumentException("grad of a non-scalar output of shape " + Shapes.str(out.shape)
                    + " needs explicit gradOutputs");
        }
        return Tensor.full(1.0, out.dtype, out.shape);
    }

    /** Recorded (non-leaf) tensors reachable from the outputs, inputs before the tensors that use them. */
    private static List<Tensor> topologicalOrder(List<Tensor> outputs) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Tensor out : outputs) {
            if (out.node != null && visited.add(out)) {
                stack.push(new Object[] {out, 0});
            }
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Tensor t = (Tensor) frame[0];
                int next = (Integer) frame[1];
                Tensor[] ins = t.node.inputs;
                while (next < ins.length && (ins[next].node == null || !ins[next].requiresGrad
                        || visited.contains(ins[next]))) {
                    next++;
                }
                if (next < ins.length) {
                    frame[1] = next + 1;
                    visited.add(ins[next]);
                    stack.push(new Object[] {ins[next], 0});
                } else {
                    stack.pop();
                    order.add(t);
                }
            }
        }
        return order;
    }
}
