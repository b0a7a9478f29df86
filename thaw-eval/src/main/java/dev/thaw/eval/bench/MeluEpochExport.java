package dev.thaw.eval.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thaw.data.task.FeatureBatch;
import dev.thaw.data.task.FieldInput;
import dev.thaw.data.task.MetaBatch;
import dev.thaw.data.task.MetaBatchSampler;
import dev.thaw.data.task.Task;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.io.SafeTensors;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.optim.OptimizerConfig;
import dev.thaw.models.melu.FieldSpec;
import dev.thaw.models.melu.MeluModel;
import dev.thaw.training.MetaTrainer;
import dev.thaw.training.StopCriterion;
import dev.thaw.training.TrainingConfig;
import dev.thaw.training.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the benchmark epoch of {@link MeluEpochBenchmark} as one safetensors file, so that another
 * implementation (bench/melu_epoch_pytorch.py) can run exactly the same epoch and check its numbers
 * against Thaw's. The file holds:
 * <ul>
 *   <li>{@code support/...} and {@code query/...}: every task's rows, tasks back to back;
 *       {@code <set>/task_rows} [tasks+1] the row offsets of each task, {@code <set>/labels} the
 *       ratings and, per field, {@code <set>/<user|item>/<field>/indices} and {@code .../offsets}
 *       (row offsets into the indices, [rows+1], counted within the set);</li>
 *   <li>{@code order}: task numbers in the epoch's meta-batch order (cut into batches of the meta-batch size);</li>
 *   <li>{@code init/<parameter>}: the initial weights, {@code final/<parameter>} the weights after
 *       Thaw's epoch, {@code grad/<parameter>} the first meta-step's meta-gradient, {@code step_losses}
 *       the mean query loss of every meta-step of that epoch;</li>
 *   <li>metadata {@code layout}: JSON naming the fields (with their tables' parameters and
 *       vocabularies), the decision layers' parameters and the hyper-parameters.</li>
 * </ul>
 * Integer arrays are stored as float64 (exact). Float tensors are float32.
 */
public final class MeluEpochExport {
    private MeluEpochExport() {
    }

    /** Writes {@code file} for the epoch {@code MeluEpochBenchmark} times on {@code tasks}; returns a summary. */
    public static Map<String, Object> write(Path file, List<TaskBatch> tasks, MeluModel model, TrainingConfig training) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String set : List.of("support", "query")) {
            Function<TaskBatch, FeatureBatch> side = set.equals("support") ? TaskBatch::support : TaskBatch::query;
            putSet(tensors, set, tasks.stream().map(side).toList());
        }
        List<MetaBatch> batches = new MetaBatchSampler(tasks.stream().map(TaskBatch::task).toList(),
                training.metaBatchSize(), training.seed()).epoch(0);
        tensors.put("order", vector(order(tasks, batches)));
        Map<String, Parameter> parameters = model.parameters();
        parameters.forEach((name, p) -> tensors.put("init/" + name, copy(p.value())));

        List<TaskBatch> firstBatch = batches.get(0).tasks().stream().map(t -> byTask(tasks, t)).toList();
        MetaTrainer.MetaGradient first = MetaTrainer.metaGradient(model, firstBatch);
        parameters.forEach((name, p) -> tensors.put("grad/" + name, first.gradients().get(p)));

        List<Double> losses = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onMetaStep(MetaStepEvent event) {
                losses.add(event.queryLoss());
            }
        };
        new MetaTrainer(training.withMaxEpochs(1).withThreads(1).withTaskChunk(1), StopCriterion.never(),
                List.of(recorder)).fit(model, tasks, List.of());
        tensors.put("step_losses", vector(losses.stream().mapToDouble(Double::doubleValue).toArray()));
        parameters.forEach((name, p) -> tensors.put("final/" + name, copy(p.value())));
        try {
            SafeTensors.write(file, tensors, Map.of("layout", layout(model, training)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("file", file.toString());
        summary.put("tasks", tasks.size());
        summary.put("meta_steps", batches.size());
        summary.put("first_meta_step_loss", first.loss());
        summary.put("first_meta_gradient_norm", norm(first.gradients().values()));
        summary.put("epoch_mean_loss", losses.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        return summary;
    }

    private static void putSet(Map<String, Tensor> tensors, String set, List<FeatureBatch> batches) {
        double[] taskRows = new double[batches.size() + 1];
        List<Float> labels = new ArrayList<>();
        for (int t = 0; t < batches.size(); t++) {
            taskRows[t + 1] = taskRows[t] + batches.get(t).size();
            for (float v : batches.get(t).labels().toFloatArray()) {
                labels.add(v);
            }
        }
        tensors.put(set + "/task_rows", vector(taskRows));
        float[] flat = new float[labels.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = labels.get(i);
        }
        tensors.put(set + "/labels", Tensor.of(flat, flat.length));
        putFields(tensors, set + "/user/", batches.stream().map(FeatureBatch::userFields).toList());
        putFields(tensors, set + "/item/", batches.stream().map(FeatureBatch::itemFields).toList());
    }

    /** Per field, the tasks' indices and row offsets concatenated (offsets shifted to count within the set). */
    private static void putFields(Map<String, Tensor> tensors, String prefix, List<List<FieldInput>> perTask) {
        for (int f = 0; f < perTask.get(0).size(); f++) {
            List<Double> indices = new ArrayList<>();
            List<Double> offsets = new ArrayList<>(List.of(0.0));
            for (List<FieldInput> fields : perTask) {
                FieldInput input = fields.get(f);
                int[] rowOffsets = input.offsets();
                double base = indices.size();
                for (int b = 1; b < rowOffsets.length; b++) {
                    offsets.add(base + rowOffsets[b]);
                }
                for (int i : input.indices()) {
                    indices.add((double) i);
                }
            }
            String name = prefix + perTask.get(0).get(f).name();
            tensors.put(name + "/indices", vector(indices.stream().mapToDouble(Double::doubleValue).toArray()));
            tensors.put(name + "/offsets", vector(offsets.stream().mapToDouble(Double::doubleValue).toArray()));
        }
    }

    private static double[] order(List<TaskBatch> tasks, List<MetaBatch> batches) {
        Map<Task, Integer> number = new IdentityHashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            number.put(tasks.get(t).task(), t);
        }
        return batches.stream().flatMap(b -> b.tasks().stream()).mapToDouble(number::get).toArray();
    }

    private static TaskBatch byTask(List<TaskBatch> tasks, Task task) {
        return tasks.stream().filter(b -> b.task() == task).findFirst().orElseThrow();
    }

    private static String layout(MeluModel model, TrainingConfig training) {
        Map<Parameter, String> names = new IdentityHashMap<>();
        model.parameters().forEach((name, p) -> names.put(p, name));
        OptimizerConfig adam = training.optimizer();
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("user_fields", fields(model, model.userFields(), "user_"));
        layout.put("item_fields", fields(model, model.itemFields(), "item_"));
        layout.put("decision", model.localParameters().stream().map(names::get).toList());
        layout.put("inner_lr", model.config().innerLearningRate());
        layout.put("local_steps", model.config().trainLocalSteps());
        layout.put("second_order", model.config().secondOrder());
        layout.put("meta_batch_size", training.metaBatchSize());
        layout.put("optimizer", Map.of("kind", adam.kind().name(), "lr", adam.learningRate(), "beta1", adam.beta1(),
                "beta2", adam.beta2(), "eps", adam.eps()));
        layout.put("order_seed", training.seed());
        try {
            return new ObjectMapper().writeValueAsString(layout);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the export layout", e);
        }
    }

    /** Per field its name, kind, vocabulary and table parameter (MeluModel names the tables {@code <side>_<field>.table}). */
    private static List<Map<String, Object>> fields(MeluModel model, List<FieldSpec> specs, String tablePrefix) {
        return specs.stream().map(f -> {
            String table = tablePrefix + f.name() + ".table";
            if (!model.parameters().containsKey(table)) {
                throw new IllegalStateException("MeLU model has no parameter " + table + "; its parameters are "
                        + model.parameters().keySet());
            }
            return Map.<String, Object>of("name", f.name(), "multi_valued", f.multiValued(),
                    "cardinality", f.cardinality(), "parameter", table);
        }).toList();
    }

    private static Tensor vector(double[] values) {
        return Tensor.of(values, values.length);
    }

    private static Tensor copy(Tensor t) {
        return Tensor.of(t.toFloatArray(), t.shape());
    }

    private static double norm(Iterable<Tensor> tensors) {
        double sq = 0;
        for (Tensor t : tensors) {
            for (float v : t.toFloatArray()) {
                sq += (double) v * v;
            }
        }
        return Math.sqrt(sq);
    }
}
