package dev.thaw.engine;

import static dev.thaw.engine.GradCheck.random;
import static dev.thaw.engine.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** First and second derivatives of every operation against float64 central finite differences. */
class GradientTest {
    private final SplittableRandom rng = new SplittableRandom(42);

    private record Case(String name, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, boolean secondOrder) {
    }

    private final List<Case> cases = new ArrayList<>();

    private void add(String name, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        cases.add(new Case(name, f, List.of(inputs), true));
    }

    @TestFactory
    Stream<DynamicTest> everyOperationMatchesFiniteDifferences() {
        elementwise();
        reductionsAndShapes();
        products();
        layers();
        return cases.stream().map(c -> dynamicTest(c.name(), () -> GradCheck.check(c.name(), c.f(), c.inputs(), c.secondOrder())));
    }

    private void elementwise() {
        add("add broadcast [3,4]+[4]", x -> Ops.add(x.get(0), x.get(1)), random(rng, 0, 3, 4), random(rng, 0, 4));
        add("sub broadcast [3,1]-[1,5]", x -> Ops.sub(x.get(0), x.get(1)), random(rng, 0, 3, 1), random(rng, 0, 1, 5));
        add("mul broadcast [2,3,4]*[3,1]", x -> Ops.mul(x.get(0), x.get(1)), random(rng, 0, 2, 3, 4), random(rng, 0, 3, 1));
        add("mul same tensor twice", x -> Ops.mul(x.get(0), x.get(0)), random(rng, 0, 5));
        add("div broadcast [4,3]/[3]", x -> Ops.div(x.get(0), x.get(1)), random(rng, 0, 4, 3), random(rng, 0.5, 3));
        add("maskPositive", x -> Ops.mul(Ops.maskPositive(x.get(0), x.get(1)), x.get(1)), random(rng, 0, 7), random(rng, 0.1, 7));
        add("addScaled", x -> Ops.mul(Ops.addScaled(x.get(0), x.get(1), -0.7), x.get(1)), random(rng, 0, 2, 5), random(rng, 0, 2, 5));
        add("mulScalar", x -> Ops.mulScalar(x.get(0), -2.5), random(rng, 0, 6));
        add("addScalar", x -> Ops.square(Ops.addScalar(x.get(0), 0.3)), random(rng, 0, 6));
        add("rsub", x -> Ops.square(Ops.rsub(x.get(0), 2)), random(rng, 0, 6));
        add("neg", x -> Ops.square(Ops.neg(x.get(0))), random(rng, 0, 6));
        add("exp", x -> Ops.exp(x.get(0)), random(rng, 0, 2, 9));
        add("log", x -> Ops.log(x.get(0)), uniform(rng, 0.5, 2, 9));
        add("sqrt", x -> Ops.sqrt(x.get(0)), uniform(rng, 0.5, 2, 9));
        add("reciprocal", x -> Ops.reciprocal(x.get(0)), uniform(rng, 0.5, 2, 9));
        add("square", x -> Ops.square(x.get(0)), random(rng, 0, 11));
        add("relu (times x for a 2nd derivative)", x -> Ops.mul(Ops.relu(x.get(0)), x.get(0)), random(rng, 0.05, 3, 5));
        add("tanh", x -> Ops.tanh(x.get(0)), random(rng, 0, 17));
        add("sigmoid", x -> Ops.sigmoid(x.get(0)), random(rng, 0, 17));
        add("gelu", x -> Ops.gelu(Ops.mulScalar(x.get(0), 3)), random(rng, 0, 17));
    }

    private void reductionsAndShapes() {
        add("sum all", x -> Ops.square(Ops.sum(x.get(0))), random(rng, 0, 3, 4));
        add("sum axis 1 keep", x -> Ops.square(Ops.sum(x.get(0), 1, true)), random(rng, 0, 2, 3, 4));
        add("sum axis 0", x -> Ops.square(Ops.sum(x.get(0), 0, false)), random(rng, 0, 3, 4));
        add("sum last axis", x -> Ops.square(Ops.sum(x.get(0), -1, false)), random(rng, 0, 3, 5));
        add("mean all", x -> Ops.square(Ops.mean(x.get(0))), random(rng, 0, 3, 4));
        add("mean axis", x -> Ops.square(Ops.mean(x.get(0), 1, false)), random(rng, 0, 3, 4));
        add("expand", x -> Ops.square(Ops.expand(x.get(0), 2, 3, 4)), random(rng, 0, 3, 1));
        add("sumTo", x -> Ops.square(Ops.sumTo(x.get(0), 1, 4)), random(rng, 0, 2, 3, 4));
        add("reshape", x -> Ops.square(Ops.reshape(x.get(0), 4, -1)), random(rng, 0, 2, 6));
        add("permute", x -> Ops.mul(Ops.permute(x.get(0), 2, 0, 1), x.get(1)), random(rng, 0, 2, 3, 4), random(rng, 0, 4, 2, 3));
        add("transpose", x -> Ops.square(Ops.transpose(x.get(0), 0, 1)), random(rng, 0, 3, 5));
        add("concat axis 1", x -> Ops.square(Ops.concat(List.of(x.get(0), x.get(1)), 1)), random(rng, 0, 2, 3), random(rng, 0, 2, 2));
        add("slice", x -> Ops.square(Ops.slice(x.get(0), 1, 1, 2)), random(rng, 0, 3, 4));
        add("pad", x -> Ops.square(Ops.pad(x.get(0), 0, 2, 1)), random(rng, 0, 3, 2));
        add("gatherRows repeated", x -> Ops.square(Ops.gatherRows(x.get(0), new int[] {2, 0, 2, 1})), random(rng, 0, 3, 4));
        add("scatterAddRows", x -> Ops.square(Ops.scatterAddRows(x.get(0), new int[] {1, 1, 0}, 3)), random(rng, 0, 3, 2));
    }

    @Test
    void matmulRowsEqualsTheProductWithACopiedBlock() {
        Tensor a = random(rng, 0, 3, 2).toDType(DType.FLOAT32);
        Tensor b = random(rng, 0, 4, 5).toDType(DType.FLOAT32);
        Tensor c = random(rng, 0, 3, 5).toDType(DType.FLOAT32);
        assertArrayEquals(Ops.matmul(a, Ops.slice(b, 0, 1, 2)).toFloatArray(), Ops.matmulRows(a, b, 1, 2, false).toFloatArray());
        assertArrayEquals(Ops.matmul(c, Ops.slice(b, 0, 2, 2), false, true).toFloatArray(),
                Ops.matmulRows(c, b, 2, 2, true).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Ops.matmulRows(a, b, 3, 2, false));
        assertThrows(IllegalArgumentException.class, () -> Ops.matmulRows(c, b, 0, 2, false));
    }

    private void products() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int[] as = ta ? new int[] {4, 3} : new int[] {3, 4};
                int[] bs = tb ? new int[] {5, 4} : new int[] {4, 5};
                add("matmul transA=" + ta + " transB=" + tb, x -> Ops.matmul(x.get(0), x.get(1), ta, tb),
                        random(rng, 0, as), random(rng, 0, bs));
                add("batched matmul transA=" + ta + " transB=" + tb, x -> Ops.matmul(x.get(0), x.get(1), ta, tb),
                        random(rng, 0, 2, as[0], as[1]), random(rng, 0, 2, bs[0], bs[1]));
            }
        }
        add("matmul [2,3,4] @ shared [4,5]", x -> Ops.matmul(x.get(0), x.get(1)), random(rng, 0, 2, 3, 4), random(rng, 0, 4, 5));
        add("matmul [2,4,3]^T @ shared [4,5]", x -> Ops.matmul(x.get(0), x.get(1), true, false), random(rng, 0, 2, 4, 3), random(rng, 0, 4, 5));
        add("matmul shared [3,4] @ [2,4,5]", x -> Ops.matmul(x.get(0), x.get(1)), random(rng, 0, 3, 4), random(rng, 0, 2, 4, 5));
        add("matmulRows [3,2] @ rows 1..3 of [4,5]", x -> Ops.matmulRows(x.get(0), x.get(1), 1, 2, false),
                random(rng, 0, 3, 2), random(rng, 0, 4, 5));
        add("matmulRows [3,5] @ (rows 2..4 of [4,5])^T", x -> Ops.matmulRows(x.get(0), x.get(1), 2, 2, true),
                random(rng, 0, 3, 5), random(rng, 0, 4, 5));
        add("matmulRows chain (2nd order nonzero)", x -> Ops.matmulRows(Ops.tanh(Ops.matmulRows(x.get(0), x.get(1), 0, 2,
                false)), x.get(1), 1, 3, true), random(rng, 0, 2, 2), random(rng, 0, 4, 3));
        add("matmul chain (2nd order nonzero)", x -> Ops.matmul(Ops.tanh(Ops.matmul(x.get(0), x.get(1))), x.get(1), false, true),
                random(rng, 0, 2, 3), random(rng, 0, 3, 3));
    }

    private void layers() {
        add("linear", x -> NN.linear(x.get(0), x.get(1), x.get(2)), random(rng, 0, 3, 4), random(rng, 0, 4, 2), random(rng, 0, 2));
        add("logSumExp", x -> NN.logSumExp(x.get(0), 1, false), random(rng, 0, 3, 5));
        add("logSoftmax", x -> NN.logSoftmax(x.get(0), -1), random(rng, 0, 3, 5));
        add("softmax", x -> NN.softmax(x.get(0), 0), random(rng, 0, 4, 3));
        add("crossEntropy", x -> NN.crossEntropy(x.get(0), new int[] {2, 0, 4}), random(rng, 0, 3, 5));
        add("crossEntropy with logQ correction", x -> NN.crossEntropy(x.get(0), new int[] {0, 0, 3}, x.get(1)),
                random(rng, 0, 3, 5), random(rng, 0, 5));
        add("mse", x -> NN.mse(x.get(0), x.get(1)), random(rng, 0, 4, 1), random(rng, 0, 4, 1));
        add("layerNorm", x -> NN.layerNorm(x.get(0), x.get(1), x.get(2), 1e-5),
                random(rng, 0, 3, 6), random(rng, 0, 6), random(rng, 0, 6));
        add("conv1dCausal dilation 2", x -> NN.conv1dCausal(x.get(0), x.get(1), x.get(2), 2),
                random(rng, 0, 2, 5, 3), random(rng, 0, 3, 3, 2), random(rng, 0, 2));
        add("embeddingBag mean pooling", x -> Ops.square(NN.embeddingBag(x.get(0), new int[] {0, 3, 3, 1, 2},
                new int[] {0, 2, 2, 5}, new float[] {0.5f, 0.5f, 1f / 3, 1f / 3, 1f / 3})), random(rng, 0, 4, 3));
        add("bagSum: weighted, repeated rows, an empty bag", x -> Ops.square(Ops.bagSum(x.get(0),
                new int[] {2, 0, 2, 1, 3}, Tensor.of(new double[] {0.7, -1.2, 0.4, 2.0, 0.5}, 5),
                new int[] {0, 0, 2, 2, 3}, 4)), random(rng, 0, 4, 3));
        add("dropout (fixed mask)", x -> NN.dropout(Ops.square(x.get(0)), 0.5, new SplittableRandom(7)), random(rng, 0, 4, 4));
    }
}
