package dev.thaw.engine.optim;

import dev.thaw.engine.Autograd;
import dev.thaw.engine.DType;
import dev.thaw.engine.Tensor;
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
            float[] grad = g.toFloatArray();
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
        float[] m = mv[0];
        float[] v = mv[1];
        float t = ++mv[2][0];
        double b1 = config.beta1();
        double b2 = config.beta2();
        float correction1 = (float) (1 - Math.pow(b1, t));
        float correction2 = (float) (1 - Math.pow(b2, t));
        float lr = (float) config.learningRate();
        float eps = (float) config.eps();
        boolean decoupled = config.kind() == OptimizerConfig.Kind.ADAMW;
        float wd = (float) config.weightDecay();
        for (int i = 0; i < w.length; i++) {
            float gi = (float) (g[i] * scale) + (decoupled ? 0 : wd * w[i]);
            m[i] = (float) (b1 * m[i] + (1 - b1) * gi);
            v[i] = (float) (b2 * v[i] + (1 - b2) * gi * gi);
            float update = (m[i] / correction1) / ((float) Math.sqrt(v[i] / correction2) + eps);
            w[i] -= lr * (update + (decoupled ? wd * w[i] : 0));
        }
    }

    /** Forgets all state (moments, velocities, step count). */
    public void reset() {
        state.clear();
        steps = 0;
    }
}
