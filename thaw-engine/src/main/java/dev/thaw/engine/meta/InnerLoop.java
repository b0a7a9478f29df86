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
 * @param adapted      parameters the local update changes (e.g. MeLU's decision layers)
 * @param learningRate inner step size alpha
 * @param steps        number of local steps (&gt;= 1)
 * @param secondOrder  differentiate through the inner gradients (true) or not (first-order MAML)
 */
public record InnerLoop(List<Parameter> adapted, double learningRate, int steps, boolean secondOrder) {
    public InnerLoop {
        adapted = List.copyOf(adapted);
        if (adapted.isEmpty() || steps < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("inner loop needs parameters to adapt, steps >= 1 and a positive "
                    + "learning rate; got " + adapted.size() + " parameters, " + steps + " steps, lr " + learningRate);
        }
    }

    /** Fast weights after the local steps on the support loss, starting from {@code start}. */
    public Weights adapt(Weights start, Function<Weights, Tensor> supportLoss) {
        Weights w = start;
        for (int s = 0; s < steps; s++) {
            List<Tensor> current = adapted.stream().map(w::get).toList();
            List<Tensor> grads = Autograd.grad(supportLoss.apply(w), current, secondOrder);
            Map<Parameter, Tensor> next = new IdentityHashMap<>();
            for (int i = 0; i < adapted.size(); i++) {
                next.put(adapted.get(i), Ops.sub(current.get(i), Ops.mulScalar(grads.get(i), learningRate)));
            }
            w = w.with(next);
        }
        return w;
    }
}
