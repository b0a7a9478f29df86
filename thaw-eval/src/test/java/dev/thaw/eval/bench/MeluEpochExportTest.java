package dev.thaw.eval.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.RecDataset;
import dev.thaw.data.split.HonestSplit;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import dev.thaw.data.task.FieldInput;
import dev.thaw.data.task.MetaBatchSampler;
import dev.thaw.data.task.QuerySplitRule;
import dev.thaw.data.task.Task;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.io.SafeTensors;
import dev.thaw.eval.EncodedSplit;
import dev.thaw.eval.MeluExperiment;
import dev.thaw.models.melu.MeluConfig;
import dev.thaw.models.melu.MeluModel;
import dev.thaw.training.MetaTrainer;
import dev.thaw.training.StopCriterion;
import dev.thaw.training.TrainingConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeluEpochExportTest {
    private static final RecDataset DATA = SyntheticGenerator.generate(SyntheticConfig.small(5).withSize(160, 120))
            .dataset();
    private static final HonestSplit HONEST = HonestSplit.build(DATA.interactions(), new BitSet(),
            HonestSplit.Config.defaults(5));
    private static final EncodedSplit SPLIT = EncodedSplit.honest(DATA, HONEST, QuerySplitRule.MELU,
            EncodedSplit.Encoders.fit(DATA, HONEST.training(), List.of(), List.of(), 1));
    private static final MeluConfig CONFIG = MeluEpochBenchmark.CONFIG.withMetaBatchSize(8);

    @Test
    @SuppressWarnings("unchecked")
    void timedRunsReportWallCpuAndGcTimeOfEachEpochAndPeakMemory() {
        Map<String, Object> result = MeluEpochBenchmark.run(SPLIT, CONFIG, new int[] {1}, 1);
        List<Map<String, Object>> runs = (List<Map<String, Object>>) result.get("runs");
        assertEquals(List.of(1, 2), runs.stream().map(r -> r.get("threads")).toList());
        for (Map<String, Object> run : runs) {
            double wall = (Double) run.get("epoch_s");
            double gc = (Double) run.get("epoch_gc_s");
            assertTrue(wall > 0 && (Double) run.get("epoch_cpu_s") > 0, run.toString());
            assertTrue(gc >= 0 && gc <= wall, run.toString());
        }
        // the pools' peaks come at different times, so their sum is no lower bound of the resident set
        assertTrue((Long) result.get("peak_heap_mib") > 0, result.toString());
        if (java.nio.file.Files.exists(Path.of("/proc/self/status"))) {
            assertTrue((Long) result.get("peak_rss_mib") > 0, result.toString());
        }
    }

    @Test
    void exportHoldsTheEpochAndThawsResultsOnIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("epoch.safetensors");
        Map<String, Object> summary = MeluEpochBenchmark.export(SPLIT, CONFIG, file);
        Map<String, Tensor> read = SafeTensors.read(file).tensors();
        List<TaskBatch> tasks = SPLIT.trainingTasks();
        TrainingConfig training = MeluEpochBenchmark.training(CONFIG);

        List<Task> order = new MetaBatchSampler(tasks.stream().map(TaskBatch::task).toList(), 8, training.seed())
                .epoch(0).stream().flatMap(b -> b.tasks().stream()).toList();
        double[] exportedOrder = read.get("order").toDoubleArray();
        for (int k = 0; k < order.size(); k++) {
            assertTrue(tasks.get((int) exportedOrder[k]).task() == order.get(k), "order position " + k);
        }

        int last = tasks.size() - 1;
        double[] queryRows = read.get("query/task_rows").toDoubleArray();
        FieldInput field = tasks.get(last).query().itemFields().stream().filter(FieldInput::multiValued).findFirst()
                .orElseThrow();
        double[] offsets = read.get("query/item/" + field.name() + "/offsets").toDoubleArray();
        double[] indices = read.get("query/item/" + field.name() + "/indices").toDoubleArray();
        int from = (int) offsets[(int) queryRows[last]];
        assertArrayEquals(field.indices(), Arrays.stream(indices, from, indices.length).mapToInt(v -> (int) v)
                .toArray());
        float[] labels = read.get("query/labels").toFloatArray();
        assertArrayEquals(tasks.get(last).query().labels().toFloatArray(),
                Arrays.copyOfRange(labels, (int) queryRows[last], labels.length));

        MeluModel model = MeluExperiment.newModel(SPLIT, CONFIG, MeluEpochBenchmark.SEED);
        model.parameters().forEach((name, p) -> assertArrayEquals(p.value().toFloatArray(),
                read.get("init/" + name).toFloatArray(), name));
        MetaTrainer.MetaGradient first = MetaTrainer.metaGradient(model, order.subList(0, 8).stream()
                .map(t -> tasks.stream().filter(b -> b.task() == t).findFirst().orElseThrow()).toList());
        model.parameters().forEach((name, p) -> assertArrayEquals(first.gradients().get(p).toFloatArray(),
                read.get("grad/" + name).toFloatArray(), name));
        assertEquals(first.loss(), summary.get("first_meta_step_loss"));

        double[] losses = read.get("step_losses").toDoubleArray();
        assertEquals((tasks.size() + 7) / 8, losses.length);
        assertEquals(first.loss(), losses[0], 1e-6 * first.loss());
        new MetaTrainer(training, StopCriterion.never(), List.of()).fit(model, tasks, List.of());
        model.parameters().forEach((name, p) -> {
            assertArrayEquals(p.value().toFloatArray(), read.get("final/" + name).toFloatArray(), name);
            assertTrue(!Arrays.equals(p.value().toFloatArray(), read.get("init/" + name).toFloatArray()), name);
        });
    }
}
