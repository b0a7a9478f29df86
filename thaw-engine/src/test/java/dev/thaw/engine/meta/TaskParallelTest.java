package dev.thaw.engine.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.thaw.engine.Autograd;
import dev.thaw.engine.Gradient;
import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Embedding;
import dev.thaw.engine.nn.Linear;
import dev.thaw.engine.nn.Module;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import dev.thaw.engine.optim.Optimizer;
import dev.thaw.engine.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Summing per-task gradients: row gradients against dense ones, and thread counts against each other. */
class TaskParallelTest {
    private static final int TASKS = 7;

    /** A table looked up and pooled, then a linear layer: an embedding model in miniature. */
    private static final class Model extends Module {
        final Embedding table;
        final Linear out;

        Model(long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            table = child("table", new Embedding(300, 6, 0.5, rng));
            out = child("out", new Linear(12, 1, true, rng));
        }

        /** Task t's loss: a few random rows of the table, different for every task and step. */
        Tensor taskLoss(int step, int task) {
            SplittableRandom rng = new SplittableRandom(step * 1000L + task);
            int n = 2 + rng.nextInt(5);
            int[] ids = rng.ints(n, 0, 300).toArray();
            int[] bagIds = rng.ints(2 * n, 0, 300).toArray();
            int[] offsets = new int[n + 1];
            for (int i = 0; i <= n; i++) {
                offsets[i] = 2 * i;
            }
            float[] half = new float[2 * n];
            java.util.Arrays.fill(half, 0.5f);
            Tensor x = Ops.concat(List.of(table.lookup(Weights.current(), ids),
                    table.pooled(Weights.current(), bagIds, offsets, half)), 1);
            Tensor target = Tensor.wrap(rng.doubles(n).map(v -> 5 * v).toArray(), n, 1).toDType(x.dtype());
            return NN.mse(out.forward(Weights.current(), x), target);
        }
    }

    private static List<float[]> trainedWeights(boolean rows, int threads) {
        Model model = new Model(3);
        List<Parameter> parameters = new ArrayList<>(model.parameters().values());
        List<Tensor> values = parameters.stream().map(Parameter::value).toList();
        Optimizer adam = new Optimizer(OptimizerConfig.adam(0.05), parameters);
        try (TaskParallel runner = new TaskParallel(threads)) {
            for (int step = 0; step < 6; step++) {
                int s = step;
                IntFunction<Map<Parameter, Gradient>> perTask = t -> {
                    Tensor loss = model.taskLoss(s, t);
                    List<Gradient> g = rows ? Autograd.gradients(loss, values)
                            : Autograd.grad(loss, values, true).stream().map(d -> (Gradient) new Gradient.Dense(d))
                            .toList();
                    Map<Parameter, Gradient> byParameter = new IdentityHashMap<>();
                    for (int i = 0; i < parameters.size(); i++) {
                        byParameter.put(parameters.get(i), g.get(i));
                    }
                    return byParameter;
                };
                adam.step(runner.sumGradients(TASKS, 1.0 / TASKS, perTask));
            }
        }
        return parameters.stream().map(p -> p.value().toFloatArray()).toList();
    }

    @Test
    void adamOnSummedRowGradientsTrainsTheWeightsOfDenseGradients() {
        List<float[]> rows = (trainedWeights(true, 1));
        List<float[]> dense = (trainedWeights(false, 1));
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(dense.get(i), rows.get(i), 1e-6f, "parameter " + i);
        }
    }

    @Test
    void sumsAreBitIdenticalForAnyThreadCount() {
        List<float[]> one = (trainedWeights(true, 1));
        List<float[]> three = (trainedWeights(true, 3));
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), three.get(i), "parameter " + i);
        }
    }
}
