package dev.thaw.training;

import dev.thaw.data.task.MetaBatch;
import dev.thaw.data.task.MetaBatchSampler;
import dev.thaw.data.task.Task;
import dev.thaw.data.task.TaskBatch;
import dev.thaw.engine.Autograd;
import dev.thaw.engine.Gradient;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import dev.thaw.engine.optim.Optimizer;
import dev.thaw.models.Adaptation;
import dev.thaw.models.MetaModel;
import dev.thaw.training.TrainingListener.EpochEvent;
import dev.thaw.training.TrainingListener.MetaStepEvent;
import dev.thaw.training.TrainingListener.TrainingPlan;
import dev.thaw.training.TrainingResult.StopReason;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MAML meta-training of a {@link MetaModel}: per meta-batch, each task takes the model's local
 * update on its support set, the query losses of the adapted weights are differentiated with
 * respect to the original weights (through the local update when second order), averaged over
 * the tasks and applied by the optimiser. After each epoch the validation tasks are adapted and
 * scored (MAE); training stops at the epoch limit, the time budget or the stop criterion, and the
 * model is left holding the weights of its best validation epoch. Results are bit-identical for
 * any thread count and depend only on the seed.
 */
public final class MetaTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(MetaTrainer.class);

    private final TrainingConfig config;
    private final StopCriterion stopCriterion;
    private final List<TrainingListener> listeners;

    /** A trainer; listeners are called in order. */
    public MetaTrainer(TrainingConfig config, StopCriterion stopCriterion, List<TrainingListener> listeners) {
        this.config = config;
        this.stopCriterion = stopCriterion;
        this.listeners = List.copyOf(listeners);
    }

    /** Trains from scratch; see {@link #fit(MetaModel, List, List, TrainingState)}. */
    public TrainingResult fit(MetaModel model, List<TaskBatch> training, List<TaskBatch> validation) {
        return fit(model, training, validation, TrainingState.initial());
    }

    /**
     * Meta-trains {@code model} in place on the training tasks, starting after {@code start} (a
     * resumed run: the epoch order continues where it stopped, the stop criterion sees the whole
     * validation history and the best weights are chosen among this run's epochs; the optimiser
     * starts afresh here, see the overload with an optimiser state for an exact resume), and
     * returns what happened.
     */
    public TrainingResult fit(MetaModel model, List<TaskBatch> training, List<TaskBatch> validation,
                              TrainingState start) {
        return fit(model, epoch -> training, validation, start);
    }

    /**
     * As {@link #fit(MetaModel, List, List, TrainingState)}, with the training tasks of each epoch
     * from {@code trainingOfEpoch} (e.g. the same users with a fresh support/query split per epoch).
     */
    public TrainingResult fit(MetaModel model, IntFunction<List<TaskBatch>> trainingOfEpoch,
                              List<TaskBatch> validation, TrainingState start) {
        return fit(model, trainingOfEpoch, validation, start, Map.of());
    }

    /**
     * As {@link #fit(MetaModel, IntFunction, List, TrainingState)}, with the optimiser's state
     * (Adam moments, step count) restored from a checkpoint's {@link EpochEvent#optimizerState()}
     * (empty: fresh), so that a resumed run takes the same steps as one that never stopped.
     */
    public TrainingResult fit(MetaModel model, IntFunction<List<TaskBatch>> trainingOfEpoch,
                              List<TaskBatch> validation, TrainingState start, Map<String, Tensor> optimizerState) {
        long t0 = System.nanoTime();
        List<TaskBatch> firstEpoch = trainingOfEpoch.apply(start.epochsDone());
        if (firstEpoch.isEmpty()) {
            throw new IllegalArgumentException("no training tasks");
        }
        MetaBatchSampler sampler = sampler(firstEpoch);
        List<Parameter> parameters = model.parameters().values().stream().filter(p -> !p.frozen()).toList();
        Optimizer optimizer = new Optimizer(config.optimizer(), parameters);
        Map<Parameter, String> names = new IdentityHashMap<>();
        model.parameters().forEach((name, p) -> names.put(p, name));
        if (!optimizerState.isEmpty()) {
            optimizer.importState(optimizerState, names);
        }
        long budget = config.timeBudget().toNanos();
        TrainingPlan plan = new TrainingPlan(start.epochsDone(), config.maxEpochs(), sampler.batchesPerEpoch(),
                firstEpoch.size(), budget);
        listeners.forEach(l -> l.onStart(plan));

        List<Double> history = new ArrayList<>(start.validationHistory());
        List<Double> trainLosses = new ArrayList<>();
        long steps = start.metaSteps();
        int epoch = start.epochsDone();
        BestWeights best = new BestWeights(parameters);
        StopReason reason = StopReason.MAX_EPOCHS;
        try (TaskParallel runner = new TaskParallel(config.threads())) {
            while (epoch < config.maxEpochs()) {
                List<TaskBatch> training = epoch == start.epochsDone() ? firstEpoch : trainingOfEpoch.apply(epoch);
                Map<Task, TaskBatch> encoded = new IdentityHashMap<>();
                training.forEach(b -> encoded.put(b.task(), b));
                double lossSum = 0;
                int batches = 0;
                boolean outOfTime = false;
                for (MetaBatch batch : sampler(training).epoch(epoch)) {
                    List<TaskBatch> tasks = batch.tasks().stream().map(encoded::get).toList();
                    double loss = metaStep(model, tasks, parameters, optimizer, runner);
                    lossSum += loss;
                    batches++;
                    steps++;
                    MetaStepEvent event = new MetaStepEvent(epoch, batches - 1, tasks.size(), loss, System.nanoTime() - t0);
                    listeners.forEach(l -> l.onMetaStep(event));
                    if (budget > 0 && System.nanoTime() - t0 >= budget) {
                        outOfTime = true;
                        break;
                    }
                }
                double validationMae = validationMae(model, validation, runner);
                if (!validation.isEmpty()) {
                    history.add(validationMae);
                }
                trainLosses.add(lossSum / batches);
                epoch++;
                boolean improved = best.offer(validationMae, epoch - 1);
                LOG.info("epoch {}: train query MSE {}, validation MAE {}{}", epoch, lossSum / batches, validationMae,
                        improved ? " (best)" : "");
                EpochEvent event = new EpochEvent(new TrainingState(epoch, steps, history), lossSum / batches,
                        validationMae, improved, optimizer.exportState(names));
                listeners.forEach(l -> l.onEpochEnd(event));
                if (outOfTime) {
                    reason = StopReason.TIME_BUDGET;
                    break;
                }
                if (!validation.isEmpty() && stopCriterion.shouldStop(history)) {
                    reason = StopReason.EARLY_STOP;
                    break;
                }
            }
        }
        best.restore();
        TrainingResult result = new TrainingResult(new TrainingState(epoch, steps, history), best.epoch,
                best.value, trainLosses, reason, (System.nanoTime() - t0) / 1e9);
        listeners.forEach(l -> l.onEnd(result));
        return result;
    }

    private MetaBatchSampler sampler(List<TaskBatch> training) {
        return new MetaBatchSampler(training.stream().map(TaskBatch::task).toList(), config.metaBatchSize(),
                config.seed());
    }

    /** One global update; returns the mean query loss of the batch's tasks. */
    private double metaStep(MetaModel model, List<TaskBatch> tasks, List<Parameter> parameters, Optimizer optimizer,
                            TaskParallel runner) {
        MetaGradient step = metaGradient(model, tasks, parameters, runner, config.taskChunk());
        optimizer.step(step.gradients());
        return step.loss();
    }

    /**
     * The gradient one meta-step applies, before the optimiser: the mean over {@code tasks} of the
     * gradient of each task's query loss after its local update, with respect to the model's
     * trainable parameters (through the local update when second order), and the tasks' mean query loss.
     */
    public record MetaGradient(Map<Parameter, Tensor> gradients, double loss) {
    }

    /** The {@link MetaGradient} of {@code tasks} at the model's current weights, task by task on one thread. */
    public static MetaGradient metaGradient(MetaModel model, List<TaskBatch> tasks) {
        List<Parameter> parameters = model.parameters().values().stream().filter(p -> !p.frozen()).toList();
        try (TaskParallel runner = new TaskParallel(1)) {
            return metaGradient(model, tasks, parameters, runner, 1);
        }
    }

    private static MetaGradient metaGradient(MetaModel model, List<TaskBatch> tasks, List<Parameter> parameters,
                                             TaskParallel runner, int chunk) {
        List<Tensor> values = parameters.stream().map(Parameter::value).toList();
        int units = (tasks.size() + chunk - 1) / chunk;
        double[] losses = new double[units];
        Map<Parameter, Tensor> grads = runner.sumGradients(units, 1.0 / tasks.size(), u -> {
            List<TaskBatch> part = tasks.subList(u * chunk, Math.min(tasks.size(), (u + 1) * chunk));
            Tensor queryLoss = chunk == 1 ? perTaskQueryLoss(model, part.get(0)) : batchedQueryLoss(model, part);
            losses[u] = queryLoss.item();
            List<Gradient> g = Autograd.gradients(queryLoss, values);
            Map<Parameter, Gradient> byParameter = new IdentityHashMap<>();
            for (int i = 0; i < parameters.size(); i++) {
                byParameter.put(parameters.get(i), g.get(i));
            }
            return byParameter;
        });
        double sum = 0;
        for (double l : losses) {
            sum += l;
        }
        return new MetaGradient(grads, sum / tasks.size());
    }

    private static Tensor perTaskQueryLoss(MetaModel model, TaskBatch task) {
        Weights fast = task.support().size() == 0 ? Weights.current()
                : model.adapt(Weights.current(), task.support(), true);
        return model.loss(fast, task.query());
    }

    private static Tensor batchedQueryLoss(MetaModel model, List<TaskBatch> tasks) {
        if (tasks.stream().anyMatch(t -> t.support().size() == 0)) {
            throw new IllegalArgumentException("task-batched training needs a non-empty support set in every task");
        }
        Weights fast = model.adaptBatched(Weights.current(), tasks.stream().map(TaskBatch::support).toList());
        return model.taskBatchedLoss(fast, tasks.stream().map(TaskBatch::query).toList());
    }

    /** MAE over all validation query ratings after each task's adaptation; NaN without tasks. */
    static double validationMae(MetaModel model, List<TaskBatch> validation, TaskParallel runner) {
        return validationMae(task -> Adaptation.predict(model, task.support(), task.query(), true), validation,
                runner);
    }

    /** MAE over all validation query ratings of {@code predictor}'s query predictions; NaN without tasks. */
    static double validationMae(Function<TaskBatch, float[]> predictor, List<TaskBatch> validation,
                                TaskParallel runner) {
        if (validation.isEmpty()) {
            return Double.NaN;
        }
        List<double[]> perTask = runner.map(validation.size(), t -> {
            TaskBatch task = validation.get(t);
            float[] predicted = predictor.apply(task);
            float[] actual = task.query().labels().toFloatArray();
            double sum = 0;
            for (int i = 0; i < actual.length; i++) {
                sum += Math.abs(predicted[i] - actual[i]);
            }
            return new double[] {sum, actual.length};
        });
        double sum = 0;
        double count = 0;
        for (double[] p : perTask) {
            sum += p[0];
            count += p[1];
        }
        return sum / count;
    }

    /** A copy of the weights of this run's best validation epoch so far. */
    private static final class BestWeights {
        private final List<Parameter> parameters;
        private float[][] values;
        private int epoch = -1;
        private double value = Double.NaN;

        BestWeights(List<Parameter> parameters) {
            this.parameters = parameters;
        }

        /** Records the current weights if {@code mae} (not NaN) is the best so far; returns whether it was. */
        boolean offer(double mae, int atEpoch) {
            if (Double.isNaN(mae) || (epoch >= 0 && mae >= value)) {
                return false;
            }
            value = mae;
            epoch = atEpoch;
            values = new float[parameters.size()][];
            for (int i = 0; i < values.length; i++) {
                values[i] = parameters.get(i).value().toFloatArray();
            }
            return true;
        }

        /** Puts the best weights back (nothing without any validated epoch). */
        void restore() {
            for (int i = 0; epoch >= 0 && i < values.length; i++) {
                Parameter p = parameters.get(i);
                p.set(Tensor.of(values[i], p.value().shape()));
            }
        }
    }
}
