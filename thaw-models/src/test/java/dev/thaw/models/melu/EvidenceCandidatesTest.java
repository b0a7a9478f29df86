package dev.thaw.models.melu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceCandidatesTest {
    private static final SyntheticTasks DATA = new SyntheticTasks(60, 8);

    @Test
    void popularityCountsSupportRatingsAndScoresAreNormalisedProducts() {
        MeluModel model = DATA.newModel(MeluConfig.defaults(), 3);
        List<TaskBatch> tasks = DATA.tasks.subList(0, 20);
        EvidenceCandidates evidence = EvidenceCandidates.compute(model, tasks, 200);
        int[] expected = new int[200];
        tasks.forEach(t -> {
            for (int item : t.support().items()) {
                expected[item]++;
            }
        });
        assertArrayEquals(expected, evidence.popularity());
        for (int i = 0; i < 200; i++) {
            assertTrue(evidence.score()[i] >= 0 && evidence.score()[i] <= 1);
            if (expected[i] == 0) {
                assertEquals(0, evidence.score()[i]);
            }
        }
        int best = evidence.top(1)[0];
        for (int i = 0; i < 200; i++) {
            assertTrue(evidence.score()[best] >= evidence.score()[i]);
        }
    }

    @Test
    void gradientNormIsTheDecisionLayersGradientOfOneRating() {
        MeluModel model = DATA.newModel(MeluConfig.defaults(), 3);
        TaskBatch task = DATA.tasks.get(0);
        EvidenceCandidates evidence = EvidenceCandidates.compute(model, List.of(task), 200);
        int item = task.support().items()[0];
        // the whole support set's MSE gradient for a one-row support: rebuild that row's loss by hand
        Tensor x = model.features(Weights.current(), task.support());
        Tensor prediction = dev.thaw.engine.Ops.slice(model.decide(Weights.current(), x), 0, 0, 1);
        Tensor loss = dev.thaw.engine.NN.mse(prediction,
                Tensor.of(new float[] {task.support().labels().toFloatArray()[0]}, 1));
        double squared = 0;
        for (Tensor g : Autograd.grad(loss, model.localParameters().stream().map(Parameter::value).toList(), false)) {
            for (int i = 0; i < g.size(); i++) {
                squared += g.get(i) * g.get(i);
            }
        }
        assertEquals(Math.sqrt(squared), evidence.gradientNorm()[item], 1e-5 * Math.sqrt(squared));
    }

    @Test
    void batchedRowNormsEqualOneBackwardPassPerRating() {
        MeluModel model = DATA.newModel(MeluConfig.defaults().withUserBias(true), 5);
        List<Tensor> local = model.localParameters().stream().map(Parameter::value).toList();
        for (TaskBatch task : DATA.tasks.subList(0, 4)) {
            Tensor x = model.features(Weights.current(), task.support());
            float[] ratings = task.support().labels().toFloatArray();
            double[] batched;
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                batched = EvidenceCandidates.rowGradientNorms(model, x, ratings);
            }
            for (int r = 0; r < ratings.length; r++) {
                Tensor row = dev.thaw.engine.Ops.slice(x, 0, r, 1);
                Tensor loss = dev.thaw.engine.NN.mse(model.decide(Weights.current(), row),
                        Tensor.of(new float[] {ratings[r]}, 1));
                double squared = 0;
                for (Tensor g : Autograd.grad(loss, local, false)) {
                    for (int i = 0; i < g.size(); i++) {
                        squared += g.get(i) * g.get(i);
                    }
                }
                assertEquals(Math.sqrt(squared), batched[r], 1e-5 * Math.sqrt(squared), "row " + r);
            }
        }
    }
}
