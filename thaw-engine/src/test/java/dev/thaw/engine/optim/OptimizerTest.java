package dev.thaw.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.engine.Autograd;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerTest {
    private static Parameter param(float... values) {
        return new Parameter("p", Tensor.of(values, values.length));
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        Parameter p = param(1f, -2f);
        Optimizer sgd = new Optimizer(OptimizerConfig.sgd(0.1).withMomentum(0.5).withWeightDecay(0.01), List.of(p));
        Tensor g = Tensor.of(new float[] {0.5f, 1f}, 2);
        sgd.step(Map.of(p, g));
        // v1 = g + wd*w ; w1 = w - lr*v1
        float v0 = 0.5f + 0.01f;
        float v1 = 1f + 0.01f * -2f;
        assertArrayEquals(new float[] {1f - 0.1f * v0, -2f - 0.1f * v1}, p.value().toFloatArray(), 1e-7f);
        float w0 = p.value().toFloatArray()[0];
        sgd.step(Map.of(p, g));
        float v0b = 0.5f * v0 + 0.5f + 0.01f * w0;
        assertEquals(w0 - 0.1f * v0b, p.value().toFloatArray()[0], 1e-7f);
    }

    @Test
    void adamFirstStepMovesByTheLearningRateAgainstTheGradientSign() {
        Parameter p = param(1f, -2f, 0.5f);
        new Optimizer(OptimizerConfig.adam(0.01), List.of(p)).step(Map.of(p, Tensor.of(new float[] {3f, -0.2f, 1e-3f}, 3)));
        assertArrayEquals(new float[] {0.99f, -1.99f, 0.49f}, p.value().toFloatArray(), 1e-5f);
    }

    @Test
    void exportedStateContinuesExactlyAndBadStateIsRefused() {
        Parameter a = param(1f, -2f);
        Parameter b = param(1f, -2f);
        Optimizer first = new Optimizer(OptimizerConfig.adam(0.1), List.of(a));
        Optimizer second = new Optimizer(OptimizerConfig.adam(0.1), List.of(b));
        Tensor g1 = Tensor.of(new float[] {0.5f, -1f}, 2);
        Tensor g2 = Tensor.of(new float[] {-0.25f, 2f}, 2);
        first.step(Map.of(a, g1));
        second.step(Map.of(b, g1));
        Map<String, Tensor> state = first.exportState(Map.of(a, "w"));
        assertEquals(List.of("w/0", "w/1", "w/2", Optimizer.STEPS), List.copyOf(state.keySet()));
        Optimizer restored = new Optimizer(OptimizerConfig.adam(0.1), List.of(b));
        restored.importState(state, Map.of(b, "w"));
        assertEquals(1, restored.steps());
        first.step(Map.of(a, g2));
        restored.step(Map.of(b, g2));
        assertArrayEquals(a.value().toFloatArray(), b.value().toFloatArray());
        Optimizer fresh = new Optimizer(OptimizerConfig.adam(0.1), List.of(b));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fresh.importState(Map.of("v/0", Tensor.of(new float[] {1f, 2f}, 2)), Map.of(b, "w")));
        assertEquals("optimiser state 'v/0' does not match a parameter of this model", e.getMessage());
    }

    @Test
    void adamWDecaysWeightsIndependentlyOfTheGradient() {
        Parameter p = param(2f);
        new Optimizer(OptimizerConfig.adamW(0.1, 0.5), List.of(p)).step(Map.of(p, Tensor.of(new float[] {1f}, 1)));
        assertEquals(2f - 0.1f * (1f + 0.5f * 2f), p.value().toFloatArray()[0], 1e-5f);
    }

    @Test
    void clippingScalesTheGlobalNorm() {
        Parameter a = param(0f, 0f);
        Parameter b = param(0f);
        Optimizer sgd = new Optimizer(OptimizerConfig.sgd(1).withClipNorm(1), List.of(a, b));
        sgd.step(Map.of(a, Tensor.of(new float[] {3f, 0f}, 2), b, Tensor.of(new float[] {4f}, 1)));
        assertArrayEquals(new float[] {-0.6f, 0f}, a.value().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {-0.8f}, b.value().toFloatArray(), 1e-6f);
    }

    @Test
    void adamMinimisesAQuadraticFromBackwardGradients() {
        Parameter p = param(3f, -4f);
        Optimizer adam = new Optimizer(OptimizerConfig.adam(0.1), List.of(p));
        for (int i = 0; i < 300; i++) {
            Autograd.backward(Ops.sum(Ops.square(Ops.addScalar(p.value(), -1))));
            adam.step();
        }
        assertArrayEquals(new float[] {1f, 1f}, p.value().toFloatArray(), 1e-2f);
        assertEquals(300, adam.steps());
    }

    @Test
    void frozenParametersAreLeftAlone() {
        Parameter p = param(1f);
        p.setFrozen(true);
        new Optimizer(OptimizerConfig.sgd(1), List.of(p)).step(Map.of(p, Tensor.of(new float[] {1f}, 1)));
        assertEquals(1f, p.value().toFloatArray()[0]);
    }

    @Test
    void invalidSettingsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.adam(-1));
        assertTrue(e.getMessage().contains("learningRate"));
    }
}
