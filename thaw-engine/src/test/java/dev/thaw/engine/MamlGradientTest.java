package dev.thaw.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.engine.meta.InnerLoop;
import dev.thaw.engine.nn.Activation;
import dev.thaw.engine.nn.Embedding;
import dev.thaw.engine.nn.Mlp;
import dev.thaw.engine.nn.Module;
import dev.thaw.engine.nn.Parameter;
import dev.thaw.engine.nn.Weights;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The MAML meta-gradient through the general autodiff (any model of engine ops) against finite
 * differences of the meta-loss, and the first-order variant against the full one minus the
 * expected Hessian-vector term.
 */
class MamlGradientTest {
    private static final double ALPHA = 0.3;

    /** Two embedded fields, concatenated, then a small tanh MLP; only the MLP is adapted. */
    static final class TinyModel extends Module {
        final Embedding a;
        final Embedding b;
        final Mlp decision;

        TinyModel(SplittableRandom rng) {
            a = child("a", new Embedding(5, 3, 0.5, rng));
            b = child("b", new Embedding(4, 3, 0.5, rng));
            decision = child("decision", new Mlp(new int[] {6, 4, 1}, Activation.TANH, rng));
            castTo(DType.FLOAT64);
        }

        Tensor loss(Weights w, int[] fa, int[] fb, double[] y) {
            Tensor x = Ops.concat(List.of(a.lookup(w, fa), b.lookup(w, fb)), 1);
            return NN.mse(decision.forward(w, x), Tensor.wrap(y.clone(), y.length, 1));
        }

        Tensor support(Weights w) {
            return loss(w, new int[] {0, 1, 2, 4}, new int[] {3, 1, 0, 3}, new double[] {1.0, -0.5, 0.3, 0.8});
        }

        Tensor query(Weights w) {
            return loss(w, new int[] {2, 3, 0}, new int[] {1, 2, 2}, new double[] {0.4, -1.0, 0.6});
        }

        List<Parameter> all() {
            return new ArrayList<>(parameters().values());
        }

        List<Parameter> adapted() {
            return new ArrayList<>(decision.parameters().values());
        }

        Weights weightsFrom(List<Tensor> values) {
            Map<Parameter, Tensor> m = new IdentityHashMap<>();
            List<Parameter> ps = all();
            for (int i = 0; i < ps.size(); i++) {
                m.put(ps.get(i), values.get(i));
            }
            return Weights.current().with(m);
        }
    }

    @ParameterizedTest(name = "{0} inner step(s)")
    @ValueSource(ints = {1, 3})
    void secondOrderMetaGradientMatchesFiniteDifferences(int steps) {
        TinyModel model = new TinyModel(new SplittableRandom(11));
        InnerLoop inner = new InnerLoop(model.adapted(), ALPHA, steps, true);
        List<Tensor> values = model.all().stream().map(Parameter::value).toList();
        GradCheck.check("maml " + steps, xs -> {
            Weights start = model.weightsFrom(xs);
            return model.query(inner.adapt(start, model::support));
        }, values, false);
    }

    @Test
    void learnedStepRatesGetTheirMetaGradientAndReuseTheLastRow() {
        TinyModel model = new TinyModel(new SplittableRandom(13));
        int tensors = model.adapted().size();
        double[] initial = new double[2 * tensors];
        for (int i = 0; i < initial.length; i++) {
            initial[i] = 0.1 + 0.05 * i;
        }
        Parameter rates = new Parameter("rates", Tensor.wrap(initial, 2, tensors));
        InnerLoop inner = new InnerLoop(model.adapted(), ALPHA, 3, true, rates);
        List<Tensor> values = new ArrayList<>(model.all().stream().map(Parameter::value).toList());
        values.add(rates.value());
        GradCheck.check("maml with learned rates", xs -> {
            Weights start = model.weightsFrom(xs).with(Map.of(rates, xs.getLast()));
            return model.query(inner.adapt(start, model::support));
        }, values, false);
        assertTrue(inner.rateValue(2, 1) == initial[tensors + 1], "step 3 reuses the last row of rates");
    }

    /** s = 4 / (4 + exp(kappa)): a support-size shrinkage of the step, kappa a parameter. */
    private static Tensor shrinkage(Weights w, Parameter kappa) {
        Tensor four = Tensor.scalar(4.0, DType.FLOAT64);
        return Ops.div(four, Ops.add(four, Ops.exp(w.get(kappa))));
    }

    @Test
    void aStepScaleGetsItsExactMetaGradientInSecondOrder() {
        TinyModel model = new TinyModel(new SplittableRandom(19));
        Parameter kappa = new Parameter("kappa", Tensor.wrap(new double[] {0.4}, 1));
        InnerLoop inner = new InnerLoop(model.adapted(), ALPHA, 2, true);
        List<Tensor> values = new ArrayList<>(model.all().stream().map(Parameter::value).toList());
        values.add(kappa.value());
        GradCheck.check("maml with a step scale", xs -> {
            Weights start = model.weightsFrom(xs).with(Map.of(kappa, xs.getLast()));
            return model.query(inner.adapt(start, model::support, shrinkage(start, kappa)));
        }, values, false);
    }

    @Test
    void aStepScaleGetsItsMetaGradientInFirstOrderToo() {
        TinyModel model = new TinyModel(new SplittableRandom(23));
        Parameter kappa = new Parameter("kappa", Tensor.wrap(new double[] {0.4}, 1));
        Weights fast = new InnerLoop(model.adapted(), ALPHA, 1, false).adapt(Weights.current(), model::support,
                shrinkage(Weights.current(), kappa));
        Tensor queryLoss = model.query(fast);
        double actual = Autograd.grad(queryLoss, List.of(kappa.value()), false).get(0).get(0);

        // one step: theta' = theta - alpha s g with g held constant, so dL/dkappa = -alpha (u . g) ds/dkappa
        List<Tensor> u = Autograd.grad(queryLoss, model.adapted().stream().map(fast::get).toList(), false);
        List<Tensor> g = Autograd.grad(model.support(Weights.current()),
                model.adapted().stream().map(Parameter::value).toList(), false);
        double dot = 0;
        for (int i = 0; i < u.size(); i++) {
            dot += Ops.sum(Ops.mul(u.get(i), g.get(i))).item();
        }
        double e = Math.exp(0.4);
        double expected = -ALPHA * dot * (-4 * e / ((4 + e) * (4 + e)));
        assertTrue(Math.abs(actual - expected) <= 1e-10 * Math.max(1, Math.abs(expected)) && expected != 0,
                "dL/dkappa " + actual + ", expected " + expected);
    }

    @Test
    void ratesAllEqualToAlphaTakeTheFixedSteps() {
        TinyModel model = new TinyModel(new SplittableRandom(17));
        Parameter rates = new Parameter("rates", Tensor.full(ALPHA, DType.FLOAT64, 2, model.adapted().size()));
        Weights fixed = new InnerLoop(model.adapted(), ALPHA, 2, false).adapt(Weights.current(), model::support);
        Weights learned = new InnerLoop(model.adapted(), ALPHA, 2, false, rates).adapt(Weights.current(),
                model::support);
        for (Parameter p : model.adapted()) {
            double err = GradCheck.relativeError(fixed.get(p).toDoubleArray(), learned.get(p).toDoubleArray());
            assertTrue(err < 1e-12, p.name() + ": learned rates equal to alpha give other fast weights, error " + err);
        }
    }

    @Test
    void firstOrderDiffersByTheHessianVectorTerm() {
        TinyModel model = new TinyModel(new SplittableRandom(5));
        List<Tensor> theta = model.all().stream().map(Parameter::value).toList();
        List<Tensor> full = Autograd.grad(model.query(
                new InnerLoop(model.adapted(), ALPHA, 1, true).adapt(Weights.current(), model::support)), theta, false);
        Weights fast = new InnerLoop(model.adapted(), ALPHA, 1, false).adapt(Weights.current(), model::support);
        Tensor queryLoss = model.query(fast);
        List<Tensor> first = Autograd.grad(queryLoss, theta, false);

        List<Tensor> fastAdapted = model.adapted().stream().map(fast::get).toList();
        List<Tensor> u = Autograd.grad(queryLoss, fastAdapted, false);
        List<Tensor> innerGrad = Autograd.grad(model.support(Weights.current()),
                model.adapted().stream().map(Parameter::value).toList(), true);
        Tensor dot = null;
        for (int i = 0; i < u.size(); i++) {
            Tensor term = Ops.sum(Ops.mul(innerGrad.get(i), u.get(i)));
            dot = dot == null ? term : Ops.add(dot, term);
        }
        List<Tensor> hvp = Autograd.grad(dot, theta, false);

        double maxTerm = 0;
        for (int i = 0; i < theta.size(); i++) {
            double[] expected = Ops.sub(first.get(i), Ops.mulScalar(hvp.get(i), ALPHA)).toDoubleArray();
            double err = GradCheck.relativeError(full.get(i).toDoubleArray(), expected);
            assertTrue(err < 1e-10, "parameter " + i + ": full vs first-order minus alpha*Hv, error " + err);
            maxTerm = Math.max(maxTerm, Math.abs(hvp.get(i).toDoubleArray()[0]));
        }
        assertTrue(maxTerm > 1e-4, "the second-order term should not vanish on this model");
    }
}
