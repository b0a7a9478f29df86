package dev.thaw.engine.optim;

import dev.thaw.engine.Autograd;
import dev.thaw.engine.DType;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.kernel.AdamKernel;
import dev.thaw.engine.nn.Parameter;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates float32 parameters in place from gradients: SGD (with momentum), Adam, AdamW, with
 * optional weight decay and global-norm gradient clipping. State is kept per parameter;
 * {@link #reset()} clears it.
 */
public final class Optimizer {
    private final OptimizerConfig config;
    private final List<Parameter> parameters;
    /** Name of the step count in {@link #exportState}. */
    public static final String STEPS = "steps";

    private final Map<Parameter, float[][]> state = new IdentityHashMap<>();
    private long steps;

    /** An optimiser over the given parameters (frozen ones are skipped at each step). */
    public Optimizer(OptimizerConfig config, List<Parameter> parameters) {
        for (Parameter p : parameters) {
            if (p.value().dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException("optimiser needs FLOAT32 parameters; '" + p.name() + "' is "
                        + p.value().dtype());
            }
        }
        this.config = config;
        this.parameters = List.copyOf(parameters);
    }

    /** The configuration. */
    public OptimizerConfig config() {
        return config;
    }

    /** Steps taken since creation or the last reset. */
    public long steps() {
        return steps;
    }

    /** One update from the gradients accumulated by {@link Autograd#backward}, which are then cleared. */
    public void step() {
        Map<Parameter, Tensor> grads = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (p.value().grad() != null) {
                grads.put(p, p.value().grad());
            }
        }
        step(grads);
        parameters.forEach(p -> p.value().zeroGrad());
    }

    /** One update from explicit gradients (e.g. MAML meta-gradients); parameters without one are left alone. */
    public void step(Map<Parameter, Tensor> grads) {
        double scale = clipScale(grads);
        steps++;
        for (Parameter p : parameters) {
            Tensor g = grads.get(p);
            if (g == null || p.frozen()) {
                continue;
            }
            if (g.size() != p.value().size()) {
                throw new IllegalArgumentException("gradient for '" + p.name() + "' has " + g.size() + " values, "
                        + "parameter has " + p.value().size());
            }
            float[] w = p.value().floatStorage();
            float[] grad = g.dtype() == DType.FLOAT32 ? g.floatStorage() : g.toFloatArray();
            switch (config.kind()) {
                case SGD -> sgd(p, w, grad, scale);
                case ADAM, ADAMW -> adam(p, w, grad, scale);
            }
        }
    }

    private double clipScale(Map<Parameter, Tensor> grads) {
        if (config.clipNorm() == 0) {
            return 1;
        }
        double norm = globalNorm(grads);
        return norm > config.clipNorm() ? config.clipNorm() / norm : 1;
    }

    /** The L2 norm of all gradients together. */
    public static double globalNorm(Map<Parameter, Tensor> grads) {
        double sq = 0;
        for (Tensor g : grads.values()) {
            for (int i = 0; i < g.size(); i++) {
                double v = g.get(i);
                sq += v * v;
            }
        }
        return Math.sqrt(sq);
    }

    private void sgd(Parameter p, float[] w, float[] g, double scale) {
        float lr = (float) config.learningRate();
        float wd = (float) config.weightDecay();
        float mu = (float) config.momentum();
        float[] velocity = mu > 0 ? state.computeIfAbsent(p, k -> new float[][] {new float[w.length]})[0] : null;
        for (int i = 0; i < w.length; i++) {
            float gi = (float) (g[i] * scale) + wd * w[i];
            if (velocity != null) {
                velocity[i] = mu * velocity[i] + gi;
                gi = velocity[i];
            }
            w[i] -= lr * gi;
        }
    }

    private void adam(Parameter p, float[] w, float[] g, double scale) {
        float[][] mv = state.computeIfAbsent(p, k -> new float[][] {new float[w.length], new float[w.length], {0}});
        float t = ++mv[2][0];
        double b1 = config.beta1();
        double b2 = config.beta2();
        AdamKernel.Step step = new AdamKernel.Step(scale, b1, b2, (float) (1 - Math.pow(b1, t)),
                (float) (1 - Math.pow(b2, t)), (float) config.learningRate(), (float) config.eps(),
                (float) config.weightDecay(), config.kind() == OptimizerConfig.Kind.ADAMW);
        AdamKernel.update(step, w, g, mv[0], mv[1], w.length);
    }

    /**
     * A copy of the state (moments or velocities per parameter, and the step count) as named
     * tensors, for a checkpoint: {@code <name>/0}, {@code <name>/1}, ... per parameter slot
     * (Adam: first moment, second moment, its step count as one value; SGD: velocity) and {@code steps}, where
     * {@code names} gives each parameter's name (e.g. its dotted path in the model).
     */
    public Map<String, Tensor> exportState(Map<Parameter, String> names) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            float[][] slots = state.get(p);
            if (slots != null) {
                for (int s = 0; s < slots.length; s++) {
                    out.put(nameOf(p, names) + "/" + s, Tensor.of(slots[s].clone(), slots[s].length));
                }
            }
        }
        out.put(STEPS, Tensor.of(new double[] {steps}, 1));
        return out;
    }

    /**
     * Replaces the state with one from {@link #exportState}, so that training continues exactly
     * where it stopped.
     *
     * @throws IllegalArgumentException when a tensor names an unknown parameter or has the wrong size
     */
    public void importState(Map<String, Tensor> tensors, Map<Parameter, String> names) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        parameters.forEach(p -> byName.put(nameOf(p, names), p));
        Map<Parameter, Map<Integer, float[]>> slots = new IdentityHashMap<>();
        long restoredSteps = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(STEPS)) {
                restoredSteps = (long) e.getValue().get(0);
                continue;
            }
            int slash = e.getKey().lastIndexOf('/');
            boolean slotSuffix = slash >= 0 && e.getKey().substring(slash + 1).matches("\\d{1,3}");
            Parameter p = slotSuffix ? byName.get(e.getKey().substring(0, slash)) : null;
            int size = e.getValue().size();
            if (p == null || (size != p.value().size() && size != 1)) {
                throw new IllegalArgumentException("optimiser state '" + e.getKey() + "' does not match a parameter"
                        + " of this model" + (p == null ? "" : " (size " + size + " vs "
                        + p.value().size() + ")"));
            }
            slots.computeIfAbsent(p, k -> new java.util.TreeMap<>())
                    .put(Integer.parseInt(e.getKey().substring(slash + 1)), e.getValue().toFloatArray());
        }
        state.clear();
        slots.forEach((p, bySlot) -> state.put(p, bySlot.values().toArray(float[][]::new)));
        steps = restoredSteps;
    }

    private static String nameOf(Parameter p, Map<Parameter, String> names) {
        String name = names.get(p);
        if (name == null) {
            throw new IllegalArgumentException("no name given for parameter '" + p.name() + "'");
        }
        return name;
    }

    /** Forgets all state (moments, velocities, step count). */
    public void reset() {
        state.clear();
        steps = 0;
    }
}
