package dev.thaw.engine.meta;

import dev.thaw.engine.Autograd;
import dev.thaw.engine.Ops;
import dev.thaw.engine.Tensor;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * MAML's local update for any model: k gradient steps of a support loss on a chosen subset of
 * parameters, returning fast weights. In second order the steps are recorded, so a later
 * gradient of the query loss with respect to the original parameters differentiates through them;
 * in first order the inner gradients are constants.
 *
 * <p>The step size is either one fixed alpha or learned per step and per adapted tensor, as in
 * MAML++'s "learned per-layer per-step learning rates" (Antoniou et al., ICLR 2019): a parameter
 * {@code stepRates} of shape [k, adapted.size()] whose entry (s, i) scales step s of tensor i (steps
 * beyond k reuse row k - 1). The rates are ordinary parameters of the model, so the meta-gradient
 * reaches them, in first order too (the step is rate x gradient).
 *
 * @param adapted      parameters the local update changes (e.g. MeLU's decision layers)
 * @param learningRate inner step size alpha (with {@code stepRates}: their initial value)
 * @param steps        number of local steps (&gt;= 1)
 * @param secondOrder  differentiate through the inner gradients (true) or not (first-order MAML)
 * @param stepRates    learned step sizes [k, adapted.size()], or null for the fixed {@code learningRate}
 */
public record InnerLoop(List<Parameter> adapted, double learningRate, int steps, boolean secondOrder,
                        Parameter stepRates) {
    public InnerLoop {
        adapted = List.copyOf(adapted);
        if (adapted.isEmpty() || steps < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("inner loop needs parameters to adapt, steps >= 1 and a positive "
                    + "learning rate; got " + adapted.size() + " parameters, " + steps + " steps, lr " + learningRate);
        }
        if (stepRates != null && (stepRates.value().rank() != 2 || stepRates.value().dim(1) != adapted.size())) {
            throw new IllegalArgumentException("learned step rates must have shape [steps, " + adapted.size()
                    + "], got " + java.util.Arrays.toString(stepRates.value().shape()));
        }
    }

    /** A local update with one fixed step size. */
    public InnerLoop(List<Parameter> adapted, double learningRate, int steps, boolean secondOrder) {
        this(adapted, learningRate, steps, secondOrder, null);
    }

    /**
     * The step size of local step {@code step} for adapted tensor {@code tensor} as a scalar
     * tensor read from {@code weights} (so a meta-gradient reaches learned rates).
     */
    public Tensor rate(Weights weights, int step, int tensor) {
        if (stepRates == null) {
            return Tensor.scalar(learningRate, weights.get(adapted.get(tensor)).dtype());
        }
        Tensor rates = weights.get(stepRates);
        return Ops.reshape(Ops.slice(Ops.slice(rates, 0, Math.min(step, rates.dim(0) - 1), 1), 1, tensor, 1));
    }

    /** The current value of {@link #rate}, for callers that take the steps themselves without a graph. */
    public double rateValue(int step, int tensor) {
        if (stepRates == null) {
            return learningRate;
        }
        Tensor rates = stepRates.value();
        return rates.get(Math.min(step, rates.dim(0) - 1) * rates.dim(1) + tensor);
    }

    /** Fast weights after the local steps on the support loss, starting from {@code start}. */
    public Weights adapt(Weights start, Function<Weights, Tensor> supportLoss) {
        return descend(start, supportLoss, null);
    }

    /**
     * As {@link #adapt(Weights, Function)} with every step's size multiplied by {@code stepScale}, a
     * scalar tensor that may depend on parameters (e.g. a shrinkage by support size). The step is
     * rate x scale x gradient, so the meta-gradient reaches the scale in first order too.
     */
    public Weights adapt(Weights start, Function<Weights, Tensor> supportLoss, Tensor stepScale) {
        return descend(start, supportLoss, stepScale == null ? null : shape -> Ops.reshape(stepScale));
    }

    /**
     * Adapts {@code tasks} tasks at once: every adapted parameter gets a leading task axis (each
     * task starts from the same values), and the returned fast weights have that axis. The loss
     * must be the SUM of the tasks' own support losses, computed with task-batched weights (e.g.
     * {@link dev.thaw.engine.nn.Linear} on inputs [tasks, rows, in]); since task t's loss depends
     * only on slice t, each slice takes exactly that task's local steps.
     */
    public Weights adaptBatched(Weights start, int tasks, Function<Weights, Tensor> summedSupportLoss) {
        return adaptBatched(start, tasks, summedSupportLoss, null);
    }

    /**
     * As {@link #adaptBatched(Weights, int, Function)} with task t's steps multiplied by
     * {@code stepScales[t]} (a [tasks] tensor, or null for none), as in
     * {@link #adapt(Weights, Function, Tensor)}.
     */
    public Weights adaptBatched(Weights start, int tasks, Function<Weights, Tensor> summedSupportLoss,
                                Tensor stepScales) {
        if (stepScales != null && (stepScales.rank() != 1 || stepScales.dim(0) != tasks)) {
            throw new IllegalArgumentException("step scales must have shape [" + tasks + "], got "
                    + java.util.Arrays.toString(stepScales.shape()));
        }
        Map<Parameter, Tensor> expanded = new IdentityHashMap<>();
        for (Parameter p : adapted) {
            Tensor v = start.get(p);
            int[] one = new int[v.rank() + 1];
            int[] many = new int[v.rank() + 1];
            one[0] = 1;
            many[0] = tasks;
            for (int i = 0; i < v.rank(); i++) {
                one[i + 1] = v.dim(i);
                many[i + 1] = v.dim(i);
            }
            expanded.put(p, Ops.expand(Ops.reshape(v, one), many));
        }
        return descend(start.with(expanded), summedSupportLoss, stepScales == null ? null : shape -> {
            int[] perTask = new int[shape.length];
            java.util.Arrays.fill(perTask, 1);
            perTask[0] = tasks;
            return Ops.reshape(stepScales, perTask);
        });
    }

    /** {@code scaleFor} gives, for an adapted tensor's shape, the step scale shaped to broadcast over it. */
    private Weights descend(Weights start, Function<Weights, Tensor> supportLoss, Function<int[], Tensor> scaleFor) {
        Weights w = start;
        for (int s = 0; s < steps; s++) {
            List<Tensor> current = adapted.stream().map(w::get).toList();
            List<Tensor> grads = Autograd.grad(supportLoss.apply(w), current, secondOrder);
            Map<Parameter, Tensor> next = new IdentityHashMap<>();
            for (int i = 0; i < adapted.size(); i++) {
                Tensor x = current.get(i);
                if (stepRates == null && scaleFor == null) {
                    next.put(adapted.get(i), Ops.addScaled(x, grads.get(i), -learningRate));
                } else {
                    Tensor rate = scaleFor == null ? rate(w, s, i) : Ops.mul(scaleFor.apply(x.shape()), rate(w, s, i));
                    next.put(adapted.get(i), Ops.sub(x, Ops.mul(grads.get(i), rate)));
                }
            }
            w = w.with(next);
        }
        return w;
    }
}
