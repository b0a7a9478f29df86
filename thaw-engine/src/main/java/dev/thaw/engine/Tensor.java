package dev.thaw.engine;

import java.util.Arrays;

/**
 * A dense row-major tensor of float32 or float64 values that takes part in reverse-mode autodiff.
 *
 * <p>Shape and values are fixed once made (only an optimiser updates a leaf parameter's storage in
 * place, between graphs). Operations live in {@link Ops} and are mirrored here as instance methods
 * for readability; each returns a new tensor and, when grad mode is on and an input requires a
 * gradient, records how to differentiate it, so that {@link Autograd#grad} can run backwards and,
 * with {@code createGraph}, record the backward pass itself for gradients of gradients.
 */
public final class Tensor {
    final int[] shape;
    final DType dtype;
    final float[] f;
    final double[] d;
    boolean requiresGrad;
    Node node;
    Tensor grad;

    Tensor(int[] shape, float[] data) {
        this.shape = shape;
        this.dtype = DType.FLOAT32;
        this.f = data;
        this.d = null;
    }

    Tensor(int[] shape, double[] data) {
        this.shape = shape;
        this.dtype = DType.FLOAT64;
        this.f = null;
        this.d = data;
    }

    // ---------------------------------------------------------------- factories

    /** A float32 tensor over a copy of {@code data}, which must hold exactly shape's element count. */
    public static Tensor of(float[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(shape.clone(), data.clone());
    }

    /** A float64 tensor over a copy of {@code data}. */
    public static Tensor of(double[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(shape.clone(), data.clone());
    }

    /** A float32 tensor that takes ownership of {@code data} (no copy): the caller must not touch it again. */
    public static Tensor wrap(float[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(shape.clone(), data);
    }

    /** A float64 tensor that takes ownership of {@code data} (no copy). */
    public static Tensor wrap(double[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(shape.clone(), data);
    }

    /** A float32 scalar (shape {}). */
    public static Tensor scalar(float value) {
        return new Tensor(new int[0], new float[] {value});
    }

    /** A scalar of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /** Zeros of a dtype and shape. */
    public static Tensor zeros(DType dtype, int... shape) {
        int n = Shapes.size(shape);
        return dtype == DType.FLOAT32 ? new Tensor(shape.clone(), new float[n]) : new Tensor(shape.clone(), new double[n]);
    }

    /** A tensor of one value. */
    public static Tensor full(double value, DType dtype, int... shape) {
        int n = Shapes.size(shape);
        if (dtype == DType.FLOAT32) {
            float[] a = new float[n];
            Arrays.fill(a, (float) value);
            return new Tensor(shape.clone(), a);
        }
        double[] a = new double[n];
        Arrays.fill(a, value);
        return new Tensor(shape.clone(), a);
    }

    /** Zeros with this tensor's dtype and shape. */
    public Tensor zerosLike() {
        return zeros(dtype, shape);
    }

    /** Ones with this tensor's dtype and shape. */
    public Tensor onesLike() {
        return full(1.0, dtype, shape);
    }

    private static void checkLength(int length, int[] shape) {
        int n = Shapes.size(shape);
        if (n != length) {
            throw new IllegalArgumentException("data has " + length + " values but shape " + Shapes.str(shape)
                    + " needs " + n);
        }
    }

    // ---------------------------------------------------------------- accessors

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of one dimension (negative counts from the end). */
    public int dim(int axis) {
        return shape[Shapes.axis(axis, shape.length)];
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return f != null ? f.length : d.length;
    }

    /** Element type. */
    public DType dtype() {
        return dtype;
    }

    /** Element at a flat row-major index, as a double. */
    public double get(int flatIndex) {
        return f != null ? f[flatIndex] : d[flatIndex];
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, shape is " + Shapes.str(shape));
        }
        return get(0);
    }

    /** A copy of the values as floats. */
    public float[] toFloatArray() {
        if (f != null) {
            return f.clone();
        }
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** A copy of the values as doubles. */
    public double[] toDoubleArray() {
        if (d != null) {
            return d.clone();
        }
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /**
     * The backing float32 storage, for optimisers that update a leaf parameter in place and for
     * kernels. Values must not be changed while a graph that uses this tensor is alive.
     */
    public float[] floatStorage() {
        if (f == null) {
            throw new IllegalStateException("tensor is " + dtype + ", not FLOAT32");
        }
        return f;
    }

    /** The backing float64 storage; same contract as {@link #floatStorage()}. */
    public double[] doubleStorage() {
        if (d == null) {
            throw new IllegalStateException("tensor is " + dtype + ", not FLOAT64");
        }
        return d;
    }

    /** This tensor's values converted to another dtype, as a new leaf (no gradient link). */
    public Tensor toDType(DType target) {
        if (target == dtype) {
            return new Tensor(shape.clone(), f != null ? f.clone() : null, d != null ? d.clone() : null);
        }
        return target == DType.FLOAT32 ? new Tensor(shape.clone(), toFloatArray()) : new Tensor(shape.clone(), toDoubleArray());
    }

    private Tensor(int[] shape, float[] fData, double[] dData) {
        this.shape = shape;
        this.f = fData;
        this.d = dData;
        this.dtype = fData != null ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** Same storage viewed with another shape of equal size; not recorded (see {@link Ops#reshape}). */
    Tensor reshapeRaw(int... newShape) {
        return f != null ? new Tensor(newShape, f) : new Tensor(newShape, d);
    }

    // ---------------------------------------------------------------- autograd state

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as one whose gradient is wanted; returns this. */
    public Tensor requireGrad() {
        if (node != null) {
            throw new IllegalStateException("requireGrad() is for leaf tensors; this one was computed by " + node.name);
        }
        requiresGrad = true;
        return this;
    }

    /** True when this tensor was made by a recorded operation rather than created directly. */
    public boolean isLeaf() {
        return node == null;
    }

    /** A leaf tensor sharing these values, cut from the graph. */
    public Tensor detach() {
        return f != null ? new Tensor(shape, f) : new Tensor(shape, d);
    }

    /** The gradient accumulated by {@link Autograd#backward}, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** Adds to the accumulated gradient (gradient accumulation across backward calls). */
    void accumulateGrad(Tensor g) {
        Tensor detached = g.detach();
        grad = grad == null ? detached : Ops.add(grad, detached);
    }

    @Override
    public String toString() {
        int show = Math.min(size(), 8);
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(shape)).append(' ').append(dtype).append(" [");
        for (int i = 0; i < show; i++) {
            sb.append(i > 0 ? ", " : "").append(get(i));
        }
        return sb.append(size() > show ? ", ...]" : "]").toString();
    }
}
