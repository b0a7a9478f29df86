package dev.thaw.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one backward pass walks: every tensor that requires a gradient and reaches the outputs
 * through recorded operations (recorded tensors and the leaves they read), numbered in a
 * topological order (inputs before the tensors that use them), with each recorded tensor's input
 * numbers and whether a wanted tensor is at or below it. Built once per pass, so the pass itself
 * works on arrays instead of looking tensors up.
 */
final class BackwardGraph {
    private static final Tensor[] NO_INPUTS = new Tensor[0];
    private final List<Tensor> tensors = new ArrayList<>();
    private final Map<Tensor, Integer> slots = new IdentityHashMap<>();
    private final int[][] inputSlots;
    private final boolean[] wanted;
    private final boolean[] leads;

    /** The graph below {@code outputs} (each requiring a gradient); {@code wanted} null means every tensor. */
    BackwardGraph(List<Tensor> outputs, Set<Tensor> wanted) {
        for (Tensor out : outputs) {
            visit(out);
        }
        int n = tensors.size();
        inputSlots = new int[n][];
        this.wanted = new boolean[n];
        leads = new boolean[n];
        for (int s = 0; s < n; s++) {
            Tensor t = tensors.get(s);
            this.wanted[s] = wanted == null || wanted.contains(t);
            leads[s] = this.wanted[s];
            if (t.node != null) {
                inputSlots[s] = inputSlotsOf(t);
                for (int in : inputSlots[s]) {
                    leads[s] |= in >= 0 && leads[in];
                }
            }
        }
    }

    /** Numbers the tensors below {@code root} depth-first, each after its inputs. */
    private void visit(Tensor root) {
        if (slots.containsKey(root)) {
            return;
        }
        List<Tensor> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        stack.add(root);
        next.add(0);
        slots.put(root, -1);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor t = stack.get(top);
            Tensor[] ins = t.node == null ? NO_INPUTS : t.node.inputs;
            int i = next.get(top);
            while (i < ins.length && (!ins[i].requiresGrad || slots.containsKey(ins[i]))) {
                i++;
            }
            if (i < ins.length) {
                next.set(top, i + 1);
                slots.put(ins[i], -1);
                stack.add(ins[i]);
                next.add(0);
            } else {
                stack.remove(top);
                next.remove(top);
                slots.put(t, tensors.size());
                tensors.add(t);
            }
        }
    }

    private int[] inputSlotsOf(Tensor t) {
        Tensor[] ins = t.node.inputs;
        int[] s = new int[ins.length];
        for (int j = 0; j < ins.length; j++) {
            s[j] = ins[j].requiresGrad ? slots.get(ins[j]) : -1;
        }
        return s;
    }

    /** Number of tensors. */
    int size() {
        return tensors.size();
    }

    /** The tensor numbered s. */
    Tensor tensor(int s) {
        return tensors.get(s);
    }

    /** The number of t, or -1 when t is not in the graph. */
    int slot(Tensor t) {
        Integer s = slots.get(t);
        return s == null ? -1 : s;
    }

    /** The numbers of recorded tensor s's inputs, -1 for an input that requires no gradient. */
    int[] inputs(int s) {
        return inputSlots[s];
    }

    /** Whether tensor s's gradient is wanted. */
    boolean wanted(int s) {
        return wanted[s];
    }

    /** Whether a wanted tensor is s itself or below it, so its gradient must be passed on. */
    boolean leads(int s) {
        return leads[s];
    }
}
