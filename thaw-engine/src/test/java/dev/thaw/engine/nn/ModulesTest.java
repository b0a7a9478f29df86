package dev.thaw.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thaw.engine.Autograd;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModulesTest {
    private final SplittableRandom rng = new SplittableRandom(9);

    private Tensor random(int... shape) {
        return Init.uniform(rng, 1, shape);
    }

    @Test
    void parametersAreNamedByPathAndFreezable() {
        Mlp mlp = new Mlp(new int[] {4, 3, 2}, Activation.RELU, rng);
        assertEquals(List.of("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"),
                List.copyOf(mlp.parameters().keySet()));
        assertEquals(4 * 3 + 3 + 3 * 2 + 2, mlp.parameterCount());
        assertEquals(2, mlp.freeze(path -> path.startsWith("layer0")));
        assertEquals(2, mlp.trainableParameters().size());
    }

    @Test
    void weightsLoadIntoAnotherModuleOfTheSameShapeOnly() {
        Mlp source = new Mlp(new int[] {4, 3, 2}, Activation.RELU, rng);
        Mlp target = new Mlp(new int[] {4, 3, 2}, Activation.RELU, rng);
        Map<String, Tensor> weights = source.weights();
        target.loadWeights(weights, "test");
        weights.forEach((path, t) -> assertArrayEquals(t.toFloatArray(),
                target.parameters().get(path).value().toFloatArray(), path));
        Mlp other = new Mlp(new int[] {4, 2}, Activation.RELU, rng);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadWeights(weights, "test"));
        assertEquals("checkpoint tensors " + weights.keySet() + " do not match the test parameters "
                + other.parameters().keySet(), e.getMessage());
    }

    @Test
    void functionalCallUsesSubstitutedWeightsWithoutTouchingTheModule() {
        Linear layer = new Linear(3, 2, true, rng);
        Tensor x = random(5, 3);
        float[] before = layer.forward(x).toFloatArray();
        Tensor zeros = Tensor.zeros(layer.weight().value().dtype(), 3, 2);
        Tensor out = layer.forward(Weights.current().with(Map.of(layer.weight(), zeros)), x);
        float[] bias = layer.bias().value().toFloatArray();
        for (int r = 0; r < 5; r++) {
            assertArrayEquals(bias, java.util.Arrays.copyOfRange(out.toFloatArray(), r * 2, r * 2 + 2), 0f);
        }
        assertArrayEquals(before, layer.forward(x).toFloatArray(), 0f);
    }

    @Test
    void taskBatchedWeightsEqualAPerTaskLoop() {
        Linear layer = new Linear(4, 3, true, rng);
        Tensor w = random(2, 4, 3);
        Tensor b = random(2, 3);
        Tensor x = random(2, 5, 4);
        float[] batched = layer.forward(Weights.current().with(Map.of(layer.weight(), w, layer.bias(), b)), x)
                .toFloatArray();
        for (int t = 0; t < 2; t++) {
            Tensor wt = Ops.reshape(Ops.slice(w, 0, t, 1), 4, 3);
            Tensor bt = Ops.reshape(Ops.slice(b, 0, t, 1), 3);
            Tensor xt = Ops.reshape(Ops.slice(x, 0, t, 1), 5, 4);
            float[] single = layer.forward(Weights.current().with(Map.of(layer.weight(), wt, layer.bias(), bt)), xt)
                    .toFloatArray();
            assertArrayEquals(single, java.util.Arrays.copyOfRange(batched, t * 15, t * 15 + 15), 1e-6f);
        }
    }

    @Test
    void embeddingMeanPoolsBagsAndEmptyBagsGiveZeros() {
        Embedding e = new Embedding(4, 2, 1.0, rng);
        float[] table = e.table().value().toFloatArray();
        float[] pooled = e.mean(Weights.current(), new int[] {1, 3, 2}, new int[] {0, 2, 2, 3}).toFloatArray();
        assertEquals((table[2] + table[6]) / 2, pooled[0], 1e-6);
        assertEquals((table[3] + table[7]) / 2, pooled[1], 1e-6);
        assertArrayEquals(new float[] {0, 0}, new float[] {pooled[2], pooled[3]});
        assertArrayEquals(new float[] {table[4], table[5]}, new float[] {pooled[4], pooled[5]}, 0f);
    }

    @Test
    void convolutionIsCausal() {
        Conv1d conv = new Conv1d(2, 3, 3, 2, rng);
        Tensor x = random(1, 9, 2).requireGrad();
        Tensor out = conv.forward(x);
        Tensor atFour = Ops.sum(Ops.slice(out, 1, 4, 1));
        float[] g = Autograd.grad(atFour, List.of(x), false).get(0).toFloatArray();
        for (int t = 0; t < 9; t++) {
            boolean seen = t == 4 || t == 2 || t == 0;
            boolean nonZero = g[t * 2] != 0 || g[t * 2 + 1] != 0;
            assertEquals(seen, nonZero, "output 4 depends on input " + t + " (dilation 2, kernel 3)");
        }
    }

    @Test
    void layerNormNormalisesTheLastAxis() {
        LayerNorm norm = new LayerNorm(6, 1e-5);
        float[] y = norm.forward(Ops.addScalar(Ops.mulScalar(random(3, 6), 5), 2)).toFloatArray();
        for (int r = 0; r < 3; r++) {
            double mean = 0;
            double sq = 0;
            for (int c = 0; c < 6; c++) {
                mean += y[r * 6 + c] / 6.0;
            }
            for (int c = 0; c < 6; c++) {
                sq += Math.pow(y[r * 6 + c] - mean, 2) / 6.0;
            }
            assertEquals(0, mean, 1e-5);
            assertEquals(1, sq, 1e-3);
        }
    }

    @Test
    void noGradScopeRecordsNothingAndDetachCutsTheGraph() {
        Tensor x = random(3).requireGrad();
        try (var ignored = Autograd.noGrad()) {
            assertFalse(Ops.exp(x).requiresGrad());
        }
        assertFalse(Ops.exp(x.detach()).requiresGrad());
        assertThrows(IllegalArgumentException.class, () -> Autograd.grad(Ops.sum(x.detach()), List.of(x), false));
    }

    @Test
    void backwardAccumulatesGradientsUntilCleared() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requireGrad();
        Autograd.backward(Ops.sum(Ops.square(x)));
        Autograd.backward(Ops.sum(Ops.square(x)));
        assertArrayEquals(new float[] {4, 8}, x.grad().toFloatArray(), 0f);
        x.zeroGrad();
        assertEquals(null, x.grad());
    }
}
