package dev.thaw.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Ops#bagSum} gives the bits of the gather, multiply and scatter it replaces. */
class BagSumTest {
    private final SplittableRandom rng = new SplittableRandom(5);

    @Test
    void equalsGatherTimesWeightsScatteredBitForBit() {
        int[] indices = {4, 1, 4, 0, 9, 3, 3};
        int[] bagOf = {0, 0, 1, 3, 3, 3, 4};
        for (int rowSize : new int[] {1, 3, 8, 32, 37}) {
            Tensor table = randomFloats(10, rowSize);
            Tensor weights = randomFloats(indices.length);
            int[] column = {indices.length, 1};
            Tensor expected = Ops.scatterAddRows(Ops.mul(Ops.gatherRows(table, indices),
                    Ops.reshape(weights, column)), bagOf, 5);
            Tensor actual = Ops.bagSum(table, indices, weights, bagOf, 5);
            assertArrayEquals(expected.shape(), actual.shape());
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f, "row size " + rowSize);
        }
    }

    private Tensor randomFloats(int... shape) {
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble(-2, 2);
        }
        return Tensor.wrap(v, shape);
    }
}
