package dev.thaw.engine.nn;

import dev.thaw.engine.Tensor;

/**
 * A named, trainable slot holding a leaf tensor. Optimisers update its value in place between
 * graphs; {@link #set} replaces it (e.g. when loading a checkpoint).
 */
public final class Parameter {
    private final String name;
    private Tensor value;
    private boolean frozen;

    /** A parameter with an initial value (made a gradient-requiring leaf). */
    public Parameter(String name, Tensor initial) {
        this.name = name;
        this.value = initial.detach().requireGrad();
    }

    /** The local name given at registration. */
    public String name() {
        return name;
    }

    /** The current value (a leaf that requires a gradient). */
    public Tensor value() {
        return value;
    }

    /** Replaces the value; the shape must stay the same. */
    public void set(Tensor newValue) {
        if (!java.util.Arrays.equals(newValue.shape(), value.shape()) || newValue.dtype() != value.dtype()) {
            throw new IllegalArgumentException("parameter '" + name + "' is " + java.util.Arrays.toString(value.shape())
                    + " " + value.dtype() + ", cannot take " + java.util.Arrays.toString(newValue.shape()) + " "
                    + newValue.dtype());
        }
        value = newValue.detach().requireGrad();
    }

    /** Converts the value to another dtype (float64 for finite-difference checks). */
    void cast(dev.thaw.engine.DType dtype) {
        value = value.toDType(dtype).requireGrad();
    }

    /** Whether optimisers skip this parameter. */
    public boolean frozen() {
        return frozen;
    }

    /** Freezes or unfreezes this parameter. */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }
}
