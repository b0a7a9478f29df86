package dev.thaw.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Row gradients of lookups against the dense backward on random data: a recorded backward pass
 * ({@code createGraph}) always takes the dense rule, so it is the reference.
 */
class RowGradientTest {
    private static final int[] LOOKUP = {7, 2, 7, 40, 2, 13};
    private static final int[] BAG_IDS = {3, 3, 25, 0, 9};
    private static final int[] BAG_OFFSETS = {0, 2, 2, 5};
    private static final float[] BAG_WEIGHTS = {0.5f, 0.5f, 1f / 3, 1f / 3, 1f / 3};

    private final SplittableRandom rng = new SplittableRandom(11);

    private Tensor random(DType dtype, int... shape) {
        double[] v = new double[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return Tensor.wrap(v, shape).toDType(dtype).requireGrad();
    }

    /** A table read twice by single lookups, one by a pooled lookup, and a dense weight, through tanh. */
    private static Tensor loss(Tensor single, Tensor pooled, Tensor weight) {
        Tensor rows = Ops.add(Ops.gatherRows(single, LOOKUP), Ops.gatherRows(single, new int[] {2, 2, 5, 0, 41, 7}));
        Tensor bags = NN.embeddingBag(pooled, BAG_IDS, BAG_OFFSETS, BAG_WEIGHTS);
        Tensor h = Ops.tanh(Ops.matmul(Ops.concat(List.of(rows, Ops.concat(List.of(bags, bags), 0)), 1), weight));
        return Ops.sum(Ops.square(h));
    }

    @Test
    void lookupsGiveTheReadRowsOnlyAndTheDenseValuesInBothPrecisions() {
        for (DType dtype : DType.values()) {
            List<Tensor> inputs = List.of(random(dtype, 50, 8), random(dtype, 30, 4), random(dtype, 12, 3));
            List<Gradient> sparse = Autograd.gradients(loss(inputs.get(0), inputs.get(1), inputs.get(2)), inputs);
            List<Tensor> dense = Autograd.grad(loss(inputs.get(0), inputs.get(1), inputs.get(2)), inputs, true);

            RowGradient single = assertInstanceOf(RowGradient.class, sparse.get(0), dtype.toString());
            assertArrayEquals(new int[] {0, 2, 5, 7, 13, 40, 41}, single.rows());
            RowGradient pooled = assertInstanceOf(RowGradient.class, sparse.get(1), dtype.toString());
            assertArrayEquals(new int[] {0, 3, 9, 25}, pooled.rows());
            assertInstanceOf(Gradient.Dense.class, sparse.get(2));
            for (int i = 0; i < inputs.size(); i++) {
                assertArrayEquals(dense.get(i).toDoubleArray(), sparse.get(i).toDense().toDoubleArray(), 1e-6,
                        dtype + " input " + i);
            }
        }
    }

    @Test
    void aTableAlsoReadDenselyGetsTheDenseSum() {
        Tensor table = random(DType.FLOAT32, 20, 4);
        Function<Tensor, Tensor> f = t -> Ops.sum(Ops.square(Ops.add(Ops.matmul(Ops.gatherRows(t, new int[] {3, 1, 3}),
                Ops.transpose(Ops.slice(t, 0, 0, 4), 0, 1)), Ops.gatherRows(t, new int[] {0, 19, 3}))));
        Gradient g = Autograd.gradients(f.apply(table), List.of(table)).get(0);
        assertInstanceOf(Gradient.Dense.class, g);
        assertArrayEquals(Autograd.grad(f.apply(table), List.of(table), true).get(0).toFloatArray(),
                g.toDense().toFloatArray(), 1e-6f);
    }

    @Test
    void secondOrderMamlGradientOfATableIsTheDenseOne() {
        Tensor table = random(DType.FLOAT64, 40, 5);
        Tensor weight = random(DType.FLOAT64, 5, 1);
        int[] support = {4, 9, 4, 31};
        int[] query = {9, 17, 0};
        Function<int[], Tensor> targets = ids -> Tensor.wrap(Arrays.stream(ids).asDoubleStream().map(i -> i / 40.0)
                .toArray(), ids.length, 1);
        Function<Tensor, Tensor> queryLoss = w -> NN.mse(Ops.matmul(Ops.gatherRows(table, query), w),
                targets.apply(query));
        Tensor supportLoss = NN.mse(Ops.tanh(Ops.matmul(Ops.gatherRows(table, support), weight)), targets.apply(support));
        Tensor fast = Ops.addScaled(weight, Autograd.grad(supportLoss, List.of(weight), true).get(0), -0.3);
        List<Tensor> both = List.of(table, weight);

        List<Gradient> sparse = Autograd.gradients(queryLoss.apply(fast), both);
        List<Tensor> dense = Autograd.grad(queryLoss.apply(fast), both, true);

        RowGradient rows = assertInstanceOf(RowGradient.class, sparse.get(0));
        assertArrayEquals(new int[] {0, 4, 9, 17, 31}, rows.rows());
        for (int i = 0; i < both.size(); i++) {
            assertArrayEquals(dense.get(i).toDoubleArray(), sparse.get(i).toDense().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void addIntoAddsTheRowsToAnExistingSum() {
        Tensor table = random(DType.FLOAT32, 6, 2);
        Gradient g = Autograd.gradients(Ops.sum(Ops.gatherRows(table, new int[] {5, 1, 5})), List.of(table)).get(0);
        Tensor sum = Tensor.full(1, DType.FLOAT32, 6, 2);
        g.addInto(sum);
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 3, 3}, sum.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> g.addInto(Tensor.zeros(DType.FLOAT32, 6, 3)));
        assertThrows(IllegalArgumentException.class, () -> g.addInto(Tensor.zeros(DType.FLOAT64, 6, 2)));
    }
}
