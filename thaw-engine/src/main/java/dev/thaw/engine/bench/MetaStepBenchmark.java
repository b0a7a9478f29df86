package dev.thaw.engine.bench;

import dev.thaw.engine.Autograd;
import dev.thaw.engine.Gradient;
import dev.thaw.engine.NN;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.meta.InnerLoop;
import dev.thaw.engine.meta.TaskParallel;
import dev.thaw.engine.nn.Activation;
import dev.thaw.engine.nn.Embedding;
import dev.thaw.engine.nn.Mlp;
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

/**
 * The engine's reference meta-learning workload: a MeLU-sized model (8 categorical fields of
 * vocabulary 100, embedding 32, concatenated to 256, then 64-ReLU-64-ReLU-1, MSE). One meta-step is
 * 32 tasks of 10 support and 10 query rows: one local SGD step on the three linear layers, the
 * meta-gradient with respect to every original parameter, then Adam.
 */
public final class MetaStepBenchmark {
    static final int FIELDS = 8;
    static final int VOCAB = 100;
    static final int DIM = 32;
    static final int TASKS = 32;
    static final int ROWS = 10;
    static final double INNER_LR = 0.01;
    /** Tasks per task-batched chunk: fixed, so that results do not depend on the thread count. */
    static final int CHUNK = 8;

    /** How the tasks of a meta-batch are evaluated. */
    public enum Mode {
        /** One graph per task, as MeLU's reference code loops over tasks. */
        PER_TASK,
        /** Chunks of tasks in one graph with task-batched fast weights (like vmap). */
        BATCHED
    }

    final Model model;
    private final List<Batch> support = new ArrayList<>();
    private final List<Batch> query = new ArrayList<>();
    private final List<Batch> supportChunks = new ArrayList<>();
    private final List<Batch> queryChunks = new ArrayList<>();
    private final InnerLoop inner;
    private final Optimizer optimizer;

    private record Batch(int[][] fields, Tensor ratings) {
    }

    /** The benchmark model: embeddings per field, concatenated, then the decision MLP. */
    static final class Model extends Module {
        final List<Embedding> embeddings = new ArrayList<>();
        final Mlp decision;

        Model(SplittableRandom rng) {
            for (int f = 0; f < FIELDS; f++) {
                embeddings.add(child("field" + f, new Embedding(VOCAB, DIM, 0.1, rng)));
            }
            decision = child("decision", new Mlp(new int[] {FIELDS * DIM, 64, 64, 1}, Activation.RELU, rng));
        }

        Tensor features(Weights w, Batch b) {
            List<Tensor> parts = new ArrayList<>(FIELDS);
            for (int f = 0; f < FIELDS; f++) {
                parts.add(embeddings.get(f).lookup(w, b.fields[f]));
            }
            return Ops.concat(parts, 1);
        }

        Tensor loss(Weights w, Batch b) {
            return NN.mse(decision.forward(w, features(w, b)), b.ratings);
        }

        /** Sum over the chunk's tasks of each task's mean squared error, with task-batched weights. */
        Tensor summedLoss(Weights w, Batch chunk) {
            int tasks = chunk.ratings.size() / ROWS;
            Tensor x = Ops.reshape(features(w, chunk), tasks, ROWS, FIELDS * DIM);
            Tensor err = Ops.sub(decision.forward(w, x), Ops.reshape(chunk.ratings, tasks, ROWS, 1));
            return Ops.mulScalar(Ops.sum(Ops.square(err)), 1.0 / ROWS);
        }
    }

    /** A benchmark with seeded random tasks and a fresh model. */
    public MetaStepBenchmark(long seed, boolean secondOrder) {
        SplittableRandom rng = new SplittableRandom(seed);
        model = new Model(rng);
        for (int t = 0; t < TASKS; t++) {
            support.add(randomBatch(rng));
            query.add(randomBatch(rng));
        }
        for (int c = 0; c < TASKS; c += CHUNK) {
            supportChunks.add(concat(support.subList(c, c + CHUNK)));
            queryChunks.add(concat(query.subList(c, c + CHUNK)));
        }
        List<Parameter> decision = new ArrayList<>(model.decision.parameters().values());
        inner = new InnerLoop(decision, INNER_LR, 1, secondOrder);
        optimizer = new Optimizer(OptimizerConfig.adam(1e-3), new ArrayList<>(model.parameters().values()));
    }

    private static Batch randomBatch(SplittableRandom rng) {
        int[][] fields = new int[FIELDS][ROWS];
        float[] ratings = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            for (int f = 0; f < FIELDS; f++) {
                fields[f][r] = rng.nextInt(VOCAB);
            }
            ratings[r] = 1 + rng.nextInt(5);
        }
        return new Batch(fields, Tensor.wrap(ratings, ROWS, 1));
    }

    private static Batch concat(List<Batch> batches) {
        int[][] fields = new int[FIELDS][];
        for (int f = 0; f < FIELDS; f++) {
            int field = f;
            fields[f] = batches.stream().flatMapToInt(b -> java.util.Arrays.stream(b.fields[field])).toArray();
        }
        List<Tensor> ratings = batches.stream().map(Batch::ratings).toList();
        return new Batch(fields, Ops.concat(ratings, 0));
    }

    /** One meta-step on the given runner; returns the mean query loss before the update. */
    public double step(TaskParallel runner, Mode mode) {
        List<Parameter> all = new ArrayList<>(model.parameters().values());
        List<Tensor> values = all.stream().map(Parameter::value).toList();
        int units = mode == Mode.PER_TASK ? TASKS : TASKS / CHUNK;
        double[] losses = new double[units];
        Map<Parameter, Tensor> grads = runner.sumGradients(units, 1.0 / TASKS, u -> {
            Tensor q = mode == Mode.PER_TASK
                    ? model.loss(inner.adapt(Weights.current(), w -> model.loss(w, support.get(u))), query.get(u))
                    : model.summedLoss(inner.adaptBatched(Weights.current(), CHUNK,
                            w -> model.summedLoss(w, supportChunks.get(u))), queryChunks.get(u));
            losses[u] = q.item();
            List<Gradient> g = Autograd.gradients(q, values);
            Map<Parameter, Gradient> m = new IdentityHashMap<>();
            for (int i = 0; i < all.size(); i++) {
                m.put(all.get(i), g.get(i));
            }
            return m;
        });
        optimizer.step(grads);
        double sum = 0;
        for (double l : losses) {
            sum += l;
        }
        return sum / TASKS;
    }

    /** Median milliseconds per meta-step over {@code steps} steps after {@code warmup} steps. */
    public static double medianMillis(Mode mode, boolean secondOrder, int threads, int warmup, int steps) {
        MetaStepBenchmark bench = new MetaStepBenchmark(1, secondOrder);
        try (TaskParallel runner = new TaskParallel(threads)) {
            for (int i = 0; i < warmup; i++) {
                bench.step(runner, mode);
            }
            double[] ms = new double[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                bench.step(runner, mode);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            java.util.Arrays.sort(ms);
            return ms[steps / 2];
        }
    }

    /** Prints the four meta-step medians. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        for (Mode mode : Mode.values()) {
            for (boolean second : new boolean[] {true, false}) {
                for (int threads : new int[] {1, 2}) {
                    System.out.printf("%s maml%d_ms_%dt %.3f%n", mode, second ? 2 : 1, threads,
                            medianMillis(mode, second, threads, 50, steps));
                }
            }
        }
    }
}
