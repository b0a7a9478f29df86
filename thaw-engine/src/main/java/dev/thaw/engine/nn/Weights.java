package dev.thaw.engine.nn;

import dev.thaw.engine.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The tensors a forward pass reads for each {@link Parameter}: by default their current values,
 * with any of them substituted ("fast weights") for a functional call, as MAML's inner loop needs.
 * Immutable; {@link #with} returns a new overlay.
 */
public final class Weights {
    private static final Weights CURRENT = new Weights(Map.of());
    private final Map<Parameter, Tensor> overrides;

    private Weights(Map<Parameter, Tensor> overrides) {
        this.overrides = overrides;
    }

    /** Every parameter's current value. */
    public static Weights current() {
        return CURRENT;
    }

    /** The tensor to use for a parameter. */
    public Tensor get(Parameter p) {
        Tensor t = overrides.get(p);
        return t != null ? t : p.value();
    }

    /** These weights with some parameters substituted. */
    public Weights with(Map<Parameter, Tensor> substitutes) {
        Map<Parameter, Tensor> merged = new IdentityHashMap<>(overrides);
        for (Map.Entry<Parameter, Tensor> e : substitutes.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue().shape(), e.getKey().value().shape())
                    && e.getValue().rank() != e.getKey().value().rank() + 1) {
                throw new IllegalArgumentException("substitute for '" + e.getKey().name() + "' has shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + ", expected "
                        + java.util.Arrays.toString(e.getKey().value().shape()) + " (or with a leading task axis)");
            }
            merged.put(e.getKey(), e.getValue());
        }
        return new Weights(merged);
    }
}
