package dev.thaw.engine;

/**
 * A gradient as {@link Autograd#gradients} returns it: a {@link Dense} tensor, or a
 * {@link RowGradient} holding only the rows a leaf table's row lookups touched. Both stand for a
 * dense value of the differentiated tensor's shape; {@link #addInto} adds it to a running sum
 * without building that value.
 */
public sealed interface Gradient permits Gradient.Dense, RowGradient {
    /** The shape of the differentiated tensor. */
    int[] shape();

    /** The element type. */
    DType dtype();

    /** The gradient as a dense tensor. */
    Tensor toDense();

    /**
     * Adds the gradient, element by element, into {@code sum}'s own storage; {@code sum} must be
     * a dense tensor of the same shape and dtype that no live graph uses.
     */
    void addInto(Tensor sum);

    /** A dense gradient. */
    record Dense(Tensor value) implements Gradient {
        @Override
        public int[] shape() {
            return value.shape();
        }

        @Override
        public DType dtype() {
            return value.dtype;
        }

        @Override
        public Tensor toDense() {
            return value;
        }

        @Override
        public void addInto(Tensor sum) {
            RowGradient.checkSum(sum, value.shape, value.dtype);
            RowGradient.addRange(value, 0, sum, 0, value.size());
        }
    }
}
