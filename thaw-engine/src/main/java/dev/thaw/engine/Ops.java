package dev.thaw.engine;

import dev.thaw.engine.kernel.BinaryOp;
import dev.thaw.engine.kernel.Gemm;
import dev.thaw.engine.kernel.Kernels;
import dev.thaw.engine.kernel.ScalarMath;
import dev.thaw.engine.kernel.UnaryOp;
import dev.thaw.engine.kernel.VectorMath;
import java.util.Arrays;
import java.util.List;

/**
 * The engine's primitive operations. Each computes its result with a kernel (float32: Vector API,
 * float64: scalar reference) and, when recorded, a backward rule written in these same operations,
 * so gradients can themselves be differentiated. Composite layers built from these live in {@link NN}.
 */
public final class Ops {
    private Ops() {
    }

    // ================================================================ element-wise binary

    /** a + b with broadcasting. */
    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = binary(BinaryOp.ADD, a, b);
        return record("add", out, (g, need) -> new Tensor[] {sumTo(g, a.shape), sumTo(g, b.shape)}, a, b);
    }

    /** a - b with broadcasting. */
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binary(BinaryOp.SUB, a, b);
        return record("sub", out, (g, need) -> new Tensor[] {sumTo(g, a.shape), need[1] ? sumTo(neg(g), b.shape) : null},
                a, b);
    }

    /** a * b with broadcasting. */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binary(BinaryOp.MUL, a, b);
        return record("mul", out, (g, need) -> new Tensor[] {
            need[0] ? sumTo(mul(g, b), a.shape) : null,
            need[1] ? sumTo(mul(g, a), b.shape) : null}, a, b);
    }

    /** a / b with broadcasting. */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = binary(BinaryOp.DIV, a, b);
        return record("div", out, (g, need) -> new Tensor[] {
            need[0] ? sumTo(div(g, b), a.shape) : null,
            need[1] ? sumTo(neg(div(mul(g, out), b)), b.shape) : null}, a, b);
    }

    /** g where x &gt; 0, else 0 (element-wise, same shapes): the ReLU backward, differentiable in g. */
    public static Tensor maskPositive(Tensor g, Tensor x) {
        requireSameShape(g, x, "maskPositive");
        Tensor out = binary(BinaryOp.MASK_POSITIVE, g, x);
        return record("maskPositive", out, (gg, need) -> new Tensor[] {maskPositive(gg, x), null}, g, x);
    }

    /** a + s * b for a constant s (same shapes), in one pass: the SGD-style step of an inner loop. */
    public static Tensor addScaled(Tensor a, Tensor b, double s) {
        requireSameShape(a, b, "addScaled");
        Tensor out;
        if (vector(a) && b.f != null) {
            float[] o = a.f.clone();
            VectorMath.axpy((float) s, b.f, 0, o, 0, o.length);
            out = new Tensor(a.shape, o);
        } else {
            double[] o = doubles(a).clone();
            ScalarMath.axpy(s, doubles(b), 0, o, 0, o.length);
            out = fromDoubles(o, a.dtype, a.shape);
        }
        return record("addScaled", out, (g, need) -> new Tensor[] {g, need[1] ? mulScalar(g, s) : null}, a, b);
    }

    /** x * s for a constant s. */
    public static Tensor mulScalar(Tensor x, double s) {
        return mul(x, Tensor.scalar(s, x.dtype));
    }

    /** x + s for a constant s. */
    public static Tensor addScalar(Tensor x, double s) {
        return add(x, Tensor.scalar(s, x.dtype));
    }

    // ================================================================ element-wise unary

    /** -x. */
    public static Tensor neg(Tensor x) {
        return record("neg", unary(UnaryOp.NEG, x), (g, need) -> new Tensor[] {neg(g)}, x);
    }

    /** e^x. */
    public static Tensor exp(Tensor x) {
        Tensor out = unary(UnaryOp.EXP, x);
        return record("exp", out, (g, need) -> new Tensor[] {mul(g, out)}, x);
    }

    /** Natural logarithm. */
    public static Tensor log(Tensor x) {
        return record("log", unary(UnaryOp.LOG, x), (g, need) -> new Tensor[] {div(g, x)}, x);
    }

    /** Square root. */
    public static Tensor sqrt(Tensor x) {
        Tensor out = unary(UnaryOp.SQRT, x);
        return record("sqrt", out, (g, need) -> new Tensor[] {div(mulScalar(g, 0.5), out)}, x);
    }

    /** 1 / x. */
    public static Tensor reciprocal(Tensor x) {
        Tensor out = unary(UnaryOp.RECIPROCAL, x);
        return record("reciprocal", out, (g, need) -> new Tensor[] {neg(mul(g, square(out)))}, x);
    }

    /** x^2. */
    public static Tensor square(Tensor x) {
        return record("square", unary(UnaryOp.SQUARE, x), (g, need) -> new Tensor[] {mulScalar(mul(g, x), 2)}, x);
    }

    /** max(x, 0). */
    public static Tensor relu(Tensor x) {
        return record("relu", unary(UnaryOp.RELU, x), (g, need) -> new Tensor[] {maskPositive(g, x)}, x);
    }

    /** Hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        Tensor out = unary(UnaryOp.TANH, x);
        return record("tanh", out, (g, need) -> new Tensor[] {mul(g, rsub(square(out), 1))}, x);
    }

    /** Logistic sigmoid. */
    public static Tensor sigmoid(Tensor x) {
        Tensor out = unary(UnaryOp.SIGMOID, x);
        return record("sigmoid", out, (g, need) -> new Tensor[] {mul(g, mul(out, rsub(out, 1)))}, x);
    }

    /**
     * GELU, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), as torch's
     * {@code gelu(approximate='tanh')}. The forward is one fused kernel; the backward uses a fused
     * derivative kernel when it is not recorded and differentiable operations when it is.
     */
    public static Tensor gelu(Tensor x) {
        return record("gelu", unary(UnaryOp.GELU, x), (g, need) -> new Tensor[] {mul(g, geluDerivative(x))}, x);
    }

    private static Tensor geluDerivative(Tensor x) {
        if (!Autograd.isGradEnabled()) {
            return unary(UnaryOp.GELU_GRAD, x);
        }
        Tensor x2 = square(x);
        Tensor u = mulScalar(add(x, mulScalar(mul(x2, x), 0.044715)), 0.7978845608028654);
        Tensor t = tanh(u);
        Tensor du = mulScalar(addScalar(mulScalar(x2, 3 * 0.044715), 1), 0.7978845608028654);
        Tensor left = mulScalar(addScalar(t, 1), 0.5);
        Tensor right = mul(mulScalar(mul(x, rsub(square(t), 1)), 0.5), du);
        return add(left, right);
    }

    /** c - x for a constant c. */
    public static Tensor rsub(Tensor x, double c) {
        return addScalar(neg(x), c);
    }

    // ================================================================ reductions

    /** Sum of all elements, as a scalar (shape {}). */
    public static Tensor sum(Tensor x) {
        Tensor out = reduceSum(x.reshapeRaw(x.size()), 0, false);
        int[] inShape = x.shape;
        return record("sum", out, (g, need) -> new Tensor[] {expand(g, inShape)}, x);
    }

    /** Sum along one axis (negative counts from the end), keeping it as size 1 if asked. */
    public static Tensor sum(Tensor x, int axis, boolean keepDim) {
        int ax = Shapes.axis(axis, x.rank());
        Tensor out = reduceSum(x, ax, keepDim);
        int[] kept = x.shape.clone();
        kept[ax] = 1;
        int[] inShape = x.shape;
        return record("sumAxis", out, (g, need) -> new Tensor[] {expand(reshape(g, kept), inShape)}, x);
    }

    /** Mean of all elements. */
    public static Tensor mean(Tensor x) {
        return mulScalar(sum(x), 1.0 / Math.max(1, x.size()));
    }

    /** Mean along one axis. */
    public static Tensor mean(Tensor x, int axis, boolean keepDim) {
        return mulScalar(sum(x, axis, keepDim), 1.0 / x.dim(axis));
    }

    /** Maximum along one axis; not differentiable (the result is detached), used for stabilising. */
    public static Tensor maxValues(Tensor x, int axis, boolean keepDim) {
        int ax = Shapes.axis(axis, x.rank());
        if (x.shape[ax] == 0) {
            throw new IllegalArgumentException("maxValues over an empty axis " + axis + " of shape " + Shapes.str(x.shape));
        }
        int outer = prod(x.shape, 0, ax);
        int n = x.shape[ax];
        int inner = prod(x.shape, ax + 1, x.rank());
        int[] shape = reducedShape(x.shape, ax, keepDim);
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            if (inner == 1) {
                out[o] = x.f != null ? VectorMath.max(x.f, o * n, n) : ScalarMath.max(x.d, o * n, n);
                continue;
            }
            for (int i = 0; i < inner; i++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    m = Math.max(m, x.get((o * n + k) * inner + i));
                }
                out[o * inner + i] = m;
            }
        }
        return fromDoubles(out, x.dtype, shape);
    }

    private static Tensor reduceSum(Tensor x, int ax, boolean keepDim) {
        int outer = prod(x.shape, 0, ax);
        int n = x.shape[ax];
        int inner = prod(x.shape, ax + 1, x.rank());
        int[] shape = reducedShape(x.shape, ax, keepDim);
        if (vector(x)) {
            float[] out = new float[outer * inner];
            for (int o = 0; o < outer; o++) {
                if (inner == 1) {
                    out[o] = VectorMath.sum(x.f, o * n, n);
                } else {
                    for (int k = 0; k < n; k++) {
                        VectorMath.axpy(1f, x.f, (o * n + k) * inner, out, o * inner, inner);
                    }
                }
            }
            return new Tensor(shape, out);
        }
        double[] xd = doubles(x);
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            if (inner == 1) {
                out[o] = ScalarMath.sum(xd, o * n, n);
            } else {
                for (int k = 0; k < n; k++) {
                    ScalarMath.axpy(1, xd, (o * n + k) * inner, out, o * inner, inner);
                }
            }
        }
        return fromDoubles(out, x.dtype, shape);
    }

    private static int[] reducedShape(int[] shape, int ax, boolean keepDim) {
        if (keepDim) {
            int[] s = shape.clone();
            s[ax] = 1;
            return s;
        }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != ax) {
                s[j++] = shape[i];
            }
        }
        return s;
    }

    // ================================================================ broadcasting

    /** x materialised at a broadcast-compatible larger shape. */
    public static Tensor expand(Tensor x, int... shape) {
        if (Arrays.equals(x.shape, shape)) {
            return x;
        }
        int[] target = Shapes.broadcast(x.shape, shape);
        if (!Arrays.equals(target, shape)) {
            throw new IllegalArgumentException("cannot expand " + Shapes.str(x.shape) + " to " + Shapes.str(shape));
        }
        int[] sx = Shapes.broadcastStrides(x.shape, shape);
        int[] none = new int[shape.length];
        Tensor out = Tensor.zeros(x.dtype, shape);
        StridedLoop.forEachRun(shape, sx, none, (ox, ix, ob, ib, on, len) -> {
            if (ix == 0) {
                fill(out, on, len, x.get(ox));
            } else {
                copy(x, ox, out, on, len);
            }
        });
        int[] inShape = x.shape;
        return record("expand", out, (g, need) -> new Tensor[] {sumTo(g, inShape)}, x);
    }

    /** Sums x down to a shape it was broadcast from (the adjoint of {@link #expand}). */
    public static Tensor sumTo(Tensor x, int... shape) {
        if (Arrays.equals(x.shape, shape)) {
            return x;
        }
        if (!Arrays.equals(Shapes.broadcast(shape, x.shape), x.shape)) {
            throw new IllegalArgumentException("cannot sum " + Shapes.str(x.shape) + " down to " + Shapes.str(shape));
        }
        int[] so = Shapes.broadcastStrides(shape, x.shape);
        int[] none = new int[x.rank()];
        int n = Shapes.size(shape);
        Tensor out;
        if (vector(x)) {
            float[] o = new float[n];
            StridedLoop.forEachRun(x.shape, so, none, (oo, io, ob, ib, on, len) -> {
                if (io == 0) {
                    o[oo] += VectorMath.sum(x.f, on, len);
                } else {
                    VectorMath.axpy(1f, x.f, on, o, oo, len);
                }
            });
            out = new Tensor(shape.clone(), o);
        } else {
            double[] xd = doubles(x);
            double[] o = new double[n];
            StridedLoop.forEachRun(x.shape, so, none, (oo, io, ob, ib, on, len) -> {
                if (io == 0) {
                    o[oo] += ScalarMath.sum(xd, on, len);
                } else {
                    ScalarMath.axpy(1, xd, on, o, oo, len);
                }
            });
            out = fromDoubles(o, x.dtype, shape.clone());
        }
        int[] inShape = x.shape;
        return record("sumTo", out, (g, need) -> new Tensor[] {expand(g, inShape)}, x);
    }

    // ================================================================ shape

    /** The same values with another shape of equal size; one dimension may be -1 (inferred). */
    public static Tensor reshape(Tensor x, int... shape) {
        int[] resolved = resolveShape(x, shape);
        if (Arrays.equals(resolved, x.shape)) {
            return x;
        }
        int[] inShape = x.shape;
        return record("reshape", x.reshapeRaw(resolved), (g, need) -> new Tensor[] {reshape(g, inShape)}, x);
    }

    private static int[] resolveShape(Tensor x, int[] shape) {
        int[] s = shape.clone();
        int infer = -1;
        int known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape to " + Shapes.str(shape) + ": only one -1 allowed");
                }
                infer = i;
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0 && known > 0) {
            s[infer] = x.size() / known;
        }
        if (Shapes.size(s) != x.size()) {
            throw new IllegalArgumentException("cannot reshape " + Shapes.str(x.shape) + " (" + x.size()
                    + " values) to " + Shapes.str(shape));
        }
        return s;
    }

    /** Reorders dimensions: output dimension i is input dimension perm[i]. */
    public static Tensor permute(Tensor x, int... perm) {
        int rank = x.rank();
        if (perm.length != rank) {
            throw new IllegalArgumentException("permutation " + Arrays.toString(perm) + " for rank " + rank);
        }
        int[] inverse = new int[rank];
        Arrays.fill(inverse, -1);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            int p = Shapes.axis(perm[i], rank);
            if (inverse[p] >= 0) {
                throw new IllegalArgumentException("permutation " + Arrays.toString(perm) + " repeats axis " + p);
            }
            inverse[p] = i;
            shape[i] = x.shape[p];
        }
        int[] inStrides = Shapes.strides(x.shape);
        int[] readStrides = new int[rank];
        for (int i = 0; i < rank; i++) {
            readStrides[i] = inStrides[Shapes.axis(perm[i], rank)];
        }
        int n = x.size();
        int[] idx = new int[rank];
        Tensor out = x.f != null ? new Tensor(shape, new float[n]) : new Tensor(shape, new double[n]);
        int src = 0;
        for (int k = 0; k < n; k++) {
            if (x.f != null) {
                out.f[k] = x.f[src];
            } else {
                out.d[k] = x.d[src];
            }
            for (int dIdx = rank - 1; dIdx >= 0; dIdx--) {
                idx[dIdx]++;
                src += readStrides[dIdx];
                if (idx[dIdx] < shape[dIdx]) {
                    break;
                }
                src -= readStrides[dIdx] * shape[dIdx];
                idx[dIdx] = 0;
            }
        }
        return record("permute", out, (g, need) -> new Tensor[] {permute(g, inverse)}, x);
    }

    /** Swaps two dimensions. */
    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int[] perm = new int[x.rank()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        int a = Shapes.axis(dim0, x.rank());
        int b = Shapes.axis(dim1, x.rank());
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    /** Joins tensors along an axis; all other dimensions must match. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat of no tensors");
        }
        Tensor first = parts.get(0);
        int ax = Shapes.axis(axis, first.rank());
        int[] shape = first.shape.clone();
        shape[ax] = 0;
        for (Tensor p : parts) {
            checkConcatPart(first, p, ax);
            shape[ax] += p.shape[ax];
        }
        int outer = prod(shape, 0, ax);
        int inner = prod(shape, ax + 1, shape.length);
        int rowOut = shape[ax] * inner;
        Tensor out = Tensor.zeros(first.dtype, shape);
        int start = 0;
        for (Tensor p : parts) {
            int rowIn = p.shape[ax] * inner;
            for (int o = 0; o < outer; o++) {
                copy(p, o * rowIn, out, o * rowOut + start * inner, rowIn);
            }
            start += p.shape[ax];
        }
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return record("concat", out, (g, need) -> {
            Tensor[] grads = new Tensor[inputs.length];
            int s = 0;
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = slice(g, ax, s, inputs[i].shape[ax]);
                s += inputs[i].shape[ax];
            }
            return grads;
        }, inputs);
    }

    private static void checkConcatPart(Tensor first, Tensor p, int ax) {
        boolean ok = p.rank() == first.rank() && p.dtype == first.dtype;
        for (int i = 0; ok && i < p.rank(); i++) {
            ok = i == ax || p.shape[i] == first.shape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException("concat along axis " + ax + ": " + Shapes.str(p.shape) + " "
                    + p.dtype + " does not fit " + Shapes.str(first.shape) + " " + first.dtype);
        }
    }

    /** The part [start, start+length) of one axis. */
    public static Tensor slice(Tensor x, int axis, int start, int length) {
        int ax = Shapes.axis(axis, x.rank());
        if (start < 0 || length < 0 || start + length > x.shape[ax]) {
            throw new IllegalArgumentException("slice [" + start + ", " + (start + length) + ") out of range for axis "
                    + ax + " of shape " + Shapes.str(x.shape));
        }
        int[] shape = x.shape.clone();
        shape[ax] = length;
        int outer = prod(shape, 0, ax);
        int inner = prod(shape, ax + 1, shape.length);
        Tensor out = Tensor.zeros(x.dtype, shape);
        for (int o = 0; o < outer; o++) {
            copy(x, (o * x.shape[ax] + start) * inner, out, o * length * inner, length * inner);
        }
        int full = x.shape[ax];
        return record("slice", out, (g, need) -> new Tensor[] {pad(g, ax, start, full - start - length)}, x);
    }

    /** Zero padding of one axis: {@code before} zeros in front, {@code after} zeros behind. */
    public static Tensor pad(Tensor x, int axis, int before, int after) {
        int ax = Shapes.axis(axis, x.rank());
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("negative padding " + before + "/" + after);
        }
        int[] shape = x.shape.clone();
        shape[ax] += before + after;
        int outer = prod(shape, 0, ax);
        int inner = prod(shape, ax + 1, shape.length);
        int len = x.shape[ax];
        Tensor out = Tensor.zeros(x.dtype, shape);
        for (int o = 0; o < outer; o++) {
            copy(x, o * len * inner, out, (o * shape[ax] + before) * inner, len * inner);
        }
        return record("pad", out, (g, need) -> new Tensor[] {slice(g, ax, before, len)}, x);
    }

    // ================================================================ matrix products

    /** Matrix product a @ b (rank 2 or batched rank 3, a shared rank-2 operand is broadcast over the batch). */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, b, false, false);
    }

    /**
     * op(a) @ op(b), where op transposes the last two dimensions when its flag is set. Operands are
     * rank 2 [m,k] or rank 3 [batch,m,k]; a rank-2 operand is shared by every batch entry.
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        Tensor out = matmulForward(a, b, transA, transB);
        return record("matmul", out, (g, need) -> new Tensor[] {
            need[0] ? sumTo(transA ? matmul(b, g, transB, true) : matmul(g, b, false, !transB), a.shape) : null,
            need[1] ? sumTo(transB ? matmul(g, a, true, transA) : matmul(a, g, !transA, false), b.shape) : null
        }, a, b);
    }

    /**
     * a @ op(b[start : start + length]) for rank-2 operands: the product with a block of b's rows,
     * read in place (no copy of the block, as {@code matmul(a, slice(b, 0, start, length))} makes).
     * Without transB, a is [m, length] and the result [m, b.dim(1)]; with it, a is [m, b.dim(1)] and
     * the result [m, length]. Its gradient for b is zero outside the block.
     */
    public static Tensor matmulRows(Tensor a, Tensor b, int start, int length, boolean transB) {
        if (a.rank() != 2 || b.rank() != 2 || a.dtype != b.dtype) {
            throw new IllegalArgumentException("matmulRows needs rank-2 operands of one dtype, got "
                    + Shapes.str(a.shape) + " " + a.dtype + " and " + Shapes.str(b.shape) + " " + b.dtype);
        }
        int rows = b.shape[0];
        int cols = b.shape[1];
        if (start < 0 || length < 0 || start + length > rows || a.shape[1] != (transB ? cols : length)) {
            throw new IllegalArgumentException("matmulRows: " + Shapes.str(a.shape) + " @ rows [" + start + ", "
                    + (start + length) + ") of " + Shapes.str(b.shape) + (transB ? "^T" : "") + " do not match");
        }
        int m = a.shape[0];
        int n = transB ? length : cols;
        Tensor out = Tensor.zeros(a.dtype, m, n);
        gemm(a, b, out, false, transB, m, n, a.shape[1], a.shape[1], cols, 0, start * cols, 0);
        return record("matmulRows", out, (g, need) -> new Tensor[] {
            need[0] ? matmulRows(g, b, start, length, !transB) : null,
            need[1] ? pad(transB ? matmul(g, a, true, false) : matmul(a, g, true, false), 0, start,
                    rows - start - length) : null
        }, a, b);
    }

    private static Tensor matmulForward(Tensor a, Tensor b, boolean transA, boolean transB) {
        if (a.rank() < 2 || a.rank() > 3 || b.rank() < 2 || b.rank() > 3 || a.dtype != b.dtype) {
            throw new IllegalArgumentException("matmul needs rank-2 or rank-3 operands of one dtype, got "
                    + Shapes.str(a.shape) + " " + a.dtype + " and " + Shapes.str(b.shape) + " " + b.dtype);
        }
        int ar = a.rank();
        int br = b.rank();
        int m = a.shape[ar - (transA ? 1 : 2)];
        int k = a.shape[ar - (transA ? 2 : 1)];
        int kb = b.shape[br - (transB ? 1 : 2)];
        int n = b.shape[br - (transB ? 2 : 1)];
        int batchA = ar == 3 ? a.shape[0] : 1;
        int batchB = br == 3 ? b.shape[0] : 1;
        if (k != kb || (ar == 3 && br == 3 && batchA != batchB)) {
            throw new IllegalArgumentException("matmul shapes do not match: " + Shapes.str(a.shape)
                    + (transA ? "^T" : "") + " @ " + Shapes.str(b.shape) + (transB ? "^T" : ""));
        }
        int batch = Math.max(batchA, batchB);
        int[] shape = ar == 3 || br == 3 ? new int[] {batch, m, n} : new int[] {m, n};
        int lda = a.shape[ar - 1];
        int ldb = b.shape[br - 1];
        Tensor out = Tensor.zeros(a.dtype, shape);
        if (ar == 3 && br == 2 && !transA) {
            gemm(a, b, out, false, transB, batch * m, n, k, lda, ldb, 0, 0, 0);
            return out;
        }
        int strideA = ar == 3 ? m * k : 0;
        int strideB = br == 3 ? k * n : 0;
        for (int i = 0; i < batch; i++) {
            gemm(a, b, out, transA, transB, m, n, k, lda, ldb, i * strideA, i * strideB, i * m * n);
        }
        return out;
    }

    private static void gemm(Tensor a, Tensor b, Tensor c, boolean transA, boolean transB, int m, int n, int k,
                             int lda, int ldb, int aOff, int bOff, int cOff) {
        if (vector(a)) {
            Gemm.sgemm(transA, transB, m, n, k, a.f, aOff, lda, b.f, bOff, ldb, c.f, cOff, n, false);
        } else if (a.d != null) {
            Gemm.dgemm(transA, transB, m, n, k, a.d, aOff, lda, b.d, bOff, ldb, c.d, cOff, n, false);
        } else {
            double[] cd = new double[m * n];
            Gemm.dgemm(transA, transB, m, n, k, doubles(a), aOff, lda, doubles(b), bOff, ldb, cd, 0, n, false);
            for (int i = 0; i < cd.length; i++) {
                c.f[cOff + i] = (float) cd[i];
            }
        }
    }

    // ================================================================ embeddings

    /** Rows of a table: out[i] = table[indices[i]] (table [rows, ...], out [n, ...]). */
    public static Tensor gatherRows(Tensor table, int[] indices) {
        int rows = table.shape[0];
        int rowSize = table.size() / Math.max(1, rows);
        checkIndices(indices, rows, "gatherRows");
        int[] shape = table.shape.clone();
        shape[0] = indices.length;
        Tensor out = Tensor.zeros(table.dtype, shape);
        for (int i = 0; i < indices.length; i++) {
            copy(table, indices[i] * rowSize, out, i * rowSize, rowSize);
        }
        int[] tableShape = table.shape;
        return record("gatherRows", out, (g, need) -> new Tensor[] {scatterAddRows(g, indices, rows)},
                g -> RowGradient.ofLookup(g, indices, tableShape), table);
    }

    /** Adds row i of x into row indices[i] of a zero table with {@code rows} rows (adjoint of gatherRows). */
    public static Tensor scatterAddRows(Tensor x, int[] indices, int rows) {
        if (x.rank() == 0 || x.shape[0] != indices.length) {
            throw new IllegalArgumentException("scatterAddRows: " + indices.length + " indices for shape "
                    + Shapes.str(x.shape));
        }
        checkIndices(indices, rows, "scatterAddRows");
        int rowSize = x.size() / Math.max(1, indices.length);
        int[] shape = x.shape.clone();
        shape[0] = rows;
        Tensor out;
        if (vector(x)) {
            float[] o = new float[Shapes.size(shape)];
            for (int i = 0; i < indices.length; i++) {
                VectorMath.axpy(1f, x.f, i * rowSize, o, indices[i] * rowSize, rowSize);
            }
            out = new Tensor(shape, o);
        } else {
            double[] xd = doubles(x);
            double[] o = new double[Shapes.size(shape)];
            for (int i = 0; i < indices.length; i++) {
                ScalarMath.axpy(1, xd, i * rowSize, o, indices[i] * rowSize, rowSize);
            }
            out = fromDoubles(o, x.dtype, shape);
        }
        return record("scatterAddRows", out, (g, need) -> new Tensor[] {gatherRows(g, indices)}, x);
    }

    /**
     * Weighted sums of table rows per bag: out[bagOf[e]] += weights[e] * table[indices[e]] over the
     * entries e in order (table [rows, ...], weights [entries], out [bags, ...], zero for a bag
     * without entries). The values are those of {@code scatterAddRows(mul(gatherRows(table, indices),
     * weights), bagOf, bags)} (each product rounded before it is added), without the [entries, ...]
     * rows in between. The weights are constants: only the table is differentiated, and a leaf
     * table gets a {@link RowGradient} when the backward pass is not recorded.
     */
    public static Tensor bagSum(Tensor table, int[] indices, Tensor weights, int[] bagOf, int bags) {
        if (weights.size() != indices.length || bagOf.length != indices.length || weights.dtype != table.dtype) {
            throw new IllegalArgumentException("bagSum: " + indices.length + " indices, " + bagOf.length
                    + " bag numbers and " + weights.size() + " " + weights.dtype + " weights for a " + table.dtype
                    + " table");
        }
        int rows = table.shape[0];
        int rowSize = table.size() / Math.max(1, rows);
        checkIndices(indices, rows, "bagSum");
        checkIndices(bagOf, bags, "bagSum");
        int[] shape = table.shape.clone();
        shape[0] = bags;
        Tensor out;
        if (vector(table)) {
            float[] o = new float[bags * rowSize];
            for (int e = 0; e < indices.length; e++) {
                VectorMath.addProduct(weights.f[e], table.f, indices[e] * rowSize, o, bagOf[e] * rowSize, rowSize);
            }
            out = new Tensor(shape, o);
        } else {
            double[] t = doubles(table);
            double[] w = doubles(weights);
            double[] o = new double[bags * rowSize];
            for (int e = 0; e < indices.length; e++) {
                ScalarMath.axpy(w[e], t, indices[e] * rowSize, o, bagOf[e] * rowSize, rowSize);
            }
            out = fromDoubles(o, table.dtype, shape);
        }
        int[] tableShape = table.shape;
        return record("bagSum", out,
                (g, need) -> new Tensor[] {scatterAddRows(entryGradients(g, weights, bagOf), indices, rows)},
                g -> RowGradient.ofLookup(entryGradients(g, weights, bagOf), indices, tableShape), table);
    }

    /** The gradient of each bag entry's row from the bags' gradient g: weights[e] * g[bagOf[e]], [entries, ...]. */
    private static Tensor entryGradients(Tensor g, Tensor weights, int[] bagOf) {
        int[] column = new int[g.rank()];
        Arrays.fill(column, 1);
        column[0] = bagOf.length;
        return mul(gatherRows(g, bagOf), weights.reshapeRaw(column));
    }

    private static void checkIndices(int[] indices, int rows, String op) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= rows) {
                throw new IndexOutOfBoundsException(op + ": index " + indices[i] + " at position " + i
                        + " is outside a table of " + rows + " rows");
            }
        }
    }

    // ================================================================ machinery

    static Tensor record(String name, Tensor out, Node.Backward backward, Tensor... inputs) {
        return record(name, out, backward, null, inputs);
    }

    private static Tensor record(String name, Tensor out, Node.Backward backward, Node.RowsBackward rowsBackward,
                                 Tensor... inputs) {
        if (!Autograd.isGradEnabled()) {
            return out;
        }
        for (Tensor in : inputs) {
            if (in.requiresGrad) {
                Tensor result = out.node != null || out.requiresGrad ? out.detach() : out;
                result.requiresGrad = true;
                result.node = new Node(name, inputs, backward, rowsBackward);
                return result;
            }
        }
        return out;
    }

    private static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(op + " of " + a.dtype + " and " + b.dtype + " tensors");
        }
        int[] shape = Arrays.equals(a.shape, b.shape) ? a.shape : Shapes.broadcast(a.shape, b.shape);
        int n = Shapes.size(shape);
        boolean same = shape == a.shape;
        if (vector(a)) {
            float[] out = new float[n];
            if (same) {
                VectorMath.binary(op, a.f, 0, 1, b.f, 0, 1, out, 0, n);
            } else if (b.size() == 1 && a.size() == n) {
                VectorMath.binary(op, a.f, 0, 1, b.f, 0, 0, out, 0, n);
            } else {
                StridedLoop.forEachRun(shape, Shapes.broadcastStrides(a.shape, shape),
                        Shapes.broadcastStrides(b.shape, shape),
                        (oa, ia, ob, ib, on, len) -> VectorMath.binary(op, a.f, oa, ia, b.f, ob, ib, out, on, len));
            }
            return new Tensor(shape.clone(), out);
        }
        double[] ad = doubles(a);
        double[] bd = doubles(b);
        double[] out = new double[n];
        StridedLoop.forEachRun(shape, Shapes.broadcastStrides(a.shape, shape), Shapes.broadcastStrides(b.shape, shape),
                (oa, ia, ob, ib, on, len) -> ScalarMath.binary(op, ad, oa, ia, bd, ob, ib, out, on, len));
        return fromDoubles(out, a.dtype, shape.clone());
    }

    private static Tensor unary(UnaryOp op, Tensor x) {
        int n = x.size();
        if (vector(x)) {
            float[] out = new float[n];
            VectorMath.unary(op, x.f, 0, out, 0, n);
            return new Tensor(x.shape, out);
        }
        double[] out = new double[n];
        ScalarMath.unary(op, doubles(x), 0, out, 0, n);
        return fromDoubles(out, x.dtype, x.shape);
    }

    private static boolean vector(Tensor t) {
        return t.f != null && Kernels.vectorEnabled();
    }

    private static double[] doubles(Tensor t) {
        return t.d != null ? t.d : t.toDoubleArray();
    }

    private static Tensor fromDoubles(double[] values, DType dtype, int[] shape) {
        if (dtype == DType.FLOAT64) {
            return new Tensor(shape, values);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return new Tensor(shape, f);
    }

    private static void copy(Tensor src, int srcOff, Tensor dst, int dstOff, int length) {
        if (src.f != null) {
            System.arraycopy(src.f, srcOff, dst.f, dstOff, length);
        } else {
            System.arraycopy(src.d, srcOff, dst.d, dstOff, length);
        }
    }

    private static void fill(Tensor dst, int off, int length, double value) {
        if (dst.f != null) {
            Arrays.fill(dst.f, off, off + length, (float) value);
        } else {
            Arrays.fill(dst.d, off, off + length, value);
        }
    }

    private static int prod(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    private static void requireSameShape(Tensor a, Tensor b, String op) {
        if (!Arrays.equals(a.shape, b.shape)) {
            throw new IllegalArgumentException(op + " needs equal shapes, got " + Shapes.str(a.shape) + " and "
                    + Shapes.str(b.shape));
        }
    }
}
