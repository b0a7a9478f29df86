package dev.thaw.engine.io;

import dev.thaw.engine.DType;
import dev.thaw.engine.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dtype and shape a tensor is expected to have, for validating a file against a model before its
 * data is read.
 */
public record TensorSpec(DType dtype, int[] shape) {
    /** A spec; the shape is copied. */
    public TensorSpec {
        shape = shape.clone();
    }

    /** The spec of an existing tensor. */
    public static TensorSpec of(Tensor tensor) {
        return new TensorSpec(tensor.dtype(), tensor.shape());
    }

    /** The specs of a map of tensors, in the same order. */
    public static Map<String, TensorSpec> ofAll(Map<String, Tensor> tensors) {
        Map<String, TensorSpec> specs = new LinkedHashMap<>();
        tensors.forEach((name, t) -> specs.put(name, of(t)));
        return specs;
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec s && s.dtype == dtype && Arrays.equals(s.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    /** For example {@code F32[64, 256]}. */
    @Override
    public String toString() {
        return dtype.safetensorsName() + Arrays.toString(shape);
    }
}
