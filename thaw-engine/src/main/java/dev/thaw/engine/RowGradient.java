package dev.thaw.engine;

import dev.thaw.engine.kernel.ScalarMath;
import dev.thaw.engine.kernel.VectorMath;
import java.util.Arrays;

/**
 * The gradient of a table [rows, ...] that only some rows of received: sorted distinct row
 * indices and their values [k, ...]; every other row is zero. {@link Ops#gatherRows} on a leaf
 * table gives one when the backward pass is not recorded, so a lookup of a few rows costs the
 * gradient of those rows, not of the whole table. Sums follow the dense rules element by element
 * (a row missing on one side adds zero), so they equal the dense results.
 */
public final class RowGradient implements Gradient {
    private final int[] shape;
    private final int[] rows;
    private final Tensor values;

    private RowGradient(int[] shape, int[] rows, Tensor values) {
        this.shape = shape;
        this.rows = rows;
        this.values = values;
    }

    /**
     * The adjoint of {@code gatherRows(table, indices)} for a table of {@code shape}: row i of
     * {@code gradOutput} added into row {@code indices[i]}, repeated indices summed in order.
     */
    static RowGradient ofLookup(Tensor gradOutput, int[] indices, int[] shape) {
        int[] slotOfRow = slotOfRow(shape[0]);
        int[] distinct = new int[indices.length];
        int n = 0;
        for (int index : indices) {
            if (slotOfRow[index] < 0) {
                slotOfRow[index] = 0;
                distinct[n++] = index;
            }
        }
        int[] rows = Arrays.copyOf(distinct, n);
        Arrays.sort(rows);
        for (int k = 0; k < n; k++) {
            slotOfRow[rows[k]] = k;
        }
        int[] slots = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            slots[i] = slotOfRow[indices[i]];
        }
        for (int row : rows) {
            slotOfRow[row] = -1;
        }
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            return new RowGradient(shape, rows, Ops.scatterAddRows(gradOutput, slots, rows.length));
        }
    }

    /**
     * Per thread, a slot per table row, -1 between calls: {@link #ofLookup} marks the rows a lookup
     * reads in it, so finding the distinct rows and each index's slot takes one pass over the
     * indices and a sort of the distinct rows only.
     */
    private static final ThreadLocal<int[]> SLOT_OF_ROW = ThreadLocal.withInitial(() -> new int[0]);

    private static int[] slotOfRow(int rows) {
        int[] map = SLOT_OF_ROW.get();
        if (map.length < rows) {
            map = new int[rows];
            Arrays.fill(map, -1);
            SLOT_OF_ROW.set(map);
        }
        return map;
    }

    /** The sum a + b, with a's values first in every shared row (as {@code Ops.add(a, b)}). */
    static RowGradient sum(RowGradient a, RowGradient b) {
        if (!Arrays.equals(a.shape, b.shape) || a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("cannot add row gradients of " + a.dtype() + " " + Shapes.str(a.shape)
                    + " and " + b.dtype() + " " + Shapes.str(b.shape));
        }
        int rowSize = a.rowSize();
        int[] union = new int[a.rows.length + b.rows.length];
        int[] fromA = new int[union.length];
        int[] fromB = new int[union.length];
        int n = 0;
        for (int i = 0, j = 0; i < a.rows.length || j < b.rows.length; n++) {
            int ra = i < a.rows.length ? a.rows[i] : Integer.MAX_VALUE;
            int rb = j < b.rows.length ? b.rows[j] : Integer.MAX_VALUE;
            union[n] = Math.min(ra, rb);
            fromA[n] = ra <= rb ? i++ : -1;
            fromB[n] = rb <= ra ? j++ : -1;
        }
        int[] valueShape = a.values.shape.clone();
        valueShape[0] = n;
        Tensor values = Tensor.zeros(a.values.dtype, valueShape);
        for (int k = 0; k < n; k++) {
            if (fromA[k] >= 0) {
                copyRow(a.values, fromA[k], values, k, rowSize);
            }
            if (fromB[k] >= 0) {
                if (fromA[k] >= 0) {
                    addRange(b.values, fromB[k] * rowSize, values, k * rowSize, rowSize);
                } else {
                    copyRow(b.values, fromB[k], values, k, rowSize);
                }
            }
        }
        return new RowGradient(a.shape, Arrays.copyOf(union, n), values);
    }

    /** The indices of the rows held, ascending. */
    public int[] rows() {
        return rows.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public DType dtype() {
        return values.dtype;
    }

    @Override
    public Tensor toDense() {
        Tensor dense = Tensor.zeros(values.dtype, shape);
        addInto(dense);
        return dense;
    }

    @Override
    public void addInto(Tensor sum) {
        checkSum(sum, shape, values.dtype);
        int rowSize = rowSize();
        for (int k = 0; k < rows.length; k++) {
            addRange(values, k * rowSize, sum, rows[k] * rowSize, rowSize);
        }
    }

    private int rowSize() {
        return Shapes.size(shape) / Math.max(1, shape[0]);
    }

    static void checkSum(Tensor sum, int[] shape, DType dtype) {
        if (!Arrays.equals(sum.shape, shape) || sum.dtype != dtype) {
            throw new IllegalArgumentException("cannot add a " + dtype + " gradient of shape " + Shapes.str(shape)
                    + " into a " + sum.dtype + " tensor of shape " + Shapes.str(sum.shape));
        }
    }

    /** sum[to .. to+length) += src[from .. from+length), with the engine's element-wise addition. */
    static void addRange(Tensor src, int from, Tensor sum, int to, int length) {
        if (src.f != null) {
            VectorMath.axpy(1f, src.f, from, sum.f, to, length);
        } else {
            ScalarMath.axpy(1, src.d, from, sum.d, to, length);
        }
    }

    private static void copyRow(Tensor src, int srcRow, Tensor dst, int dstRow, int rowSize) {
        if (src.f != null) {
            System.arraycopy(src.f, srcRow * rowSize, dst.f, dstRow * rowSize, rowSize);
        } else {
            System.arraycopy(src.d, srcRow * rowSize, dst.d, dstRow * rowSize, rowSize);
        }
    }
}
