package dev.thaw.engine.nn;

import dev.thaw.engine.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A building block with registered parameters and child modules. Forward passes read weights
 * through a {@link Weights} argument so that the same module runs with substituted fast weights.
 */
public abstract class Module {
    private final Map<String, Parameter> own = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();

    /** Registers a parameter under a local name. */
    protected final Parameter parameter(String name, dev.thaw.engine.Tensor initial) {
        checkName(name);
        Parameter p = new Parameter(name, initial);
        own.put(name, p);
        return p;
    }

    /** Registers a child module under a local name. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".") || own.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("invalid or duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
    }

    /** Every parameter of this module and its children, keyed by dotted path, in registration order. */
    public final Map<String, Parameter> parameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        collect("", all);
        return Collections.unmodifiableMap(all);
    }

    private void collect(String prefix, Map<String, Parameter> into) {
        own.forEach((name, p) -> into.put(prefix + name, p));
        children.forEach((name, m) -> m.collect(prefix + name + ".", into));
    }

    /** The current values of every parameter, keyed by dotted path (detached tensors sharing the values). */
    public final Map<String, Tensor> weights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        parameters().forEach((path, p) -> out.put(path, p.value().detach()));
        return out;
    }

    /**
     * Sets every parameter to a copy of the tensor with its dotted path, e.g. from a checkpoint.
     *
     * @param what names the model in the error
     * @throws IllegalArgumentException unless the tensors are exactly this module's parameters
     */
    public final void loadWeights(Map<String, Tensor> tensors, String what) {
        Map<String, Parameter> parameters = parameters();
        if (!parameters.keySet().equals(tensors.keySet())) {
            throw new IllegalArgumentException("checkpoint tensors " + tensors.keySet() + " do not match the " + what
                    + " parameters " + parameters.keySet());
        }
        parameters.forEach((path, p) -> p.set(Tensor.of(tensors.get(path).toFloatArray(), p.value().shape())));
    }

    /** Parameters that are not frozen. */
    public final List<Parameter> trainableParameters() {
        List<Parameter> list = new ArrayList<>();
        for (Parameter p : parameters().values()) {
            if (!p.frozen()) {
                list.add(p);
            }
        }
        return list;
    }

    /** Freezes the parameters whose dotted path matches; returns how many were frozen. */
    public final int freeze(Predicate<String> path) {
        int n = 0;
        for (Map.Entry<String, Parameter> e : parameters().entrySet()) {
            if (path.test(e.getKey())) {
                e.getValue().setFrozen(true);
                n++;
            }
        }
        return n;
    }

    /** Unfreezes every parameter. */
    public final void unfreezeAll() {
        parameters().values().forEach(p -> p.setFrozen(false));
    }

    /** Converts every parameter to a dtype (float64 for finite-difference checks). */
    public final void castTo(dev.thaw.engine.DType dtype) {
        parameters().values().forEach(p -> p.cast(dtype));
    }

    /** Total number of parameter values. */
    public final long parameterCount() {
        return parameters().values().stream().mapToLong(p -> p.value().size()).sum();
    }
}
