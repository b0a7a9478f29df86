package dev.thaw.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Float64 central finite-difference checks of first and second derivatives. A function f of
 * several tensors is reduced to the scalar L = sum(f(x) * r) with fixed random r; its gradient
 * from {@link Autograd} is compared with (L(x+h e) - L(x-h e)) / 2h for every element, and the
 * gradient of G = sum_i <dL/dx_i, v_i> (a recorded backward pass) is compared likewise.
 */
final class GradCheck {
    static final double H = 1e-6;
    static final double TOLERANCE = 1e-6;

    private GradCheck() {
    }

    /** Random float64 tensor with values uniform in [-1, 1], away from 0 by at least {@code gap}. */
    static Tensor random(SplittableRandom rng, double gap, int... shape) {
        double[] v = new double[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            double u = rng.nextDouble(gap, 1.0);
            v[i] = rng.nextBoolean() ? u : -u;
        }
        return Tensor.wrap(v, shape);
    }

    /** Random float64 tensor with values uniform in [lo, hi). */
    static Tensor uniform(SplittableRandom rng, double lo, double hi, int... shape) {
        double[] v = new double[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(lo, hi);
        }
        return Tensor.wrap(v, shape);
    }

    /** Checks first derivatives and, if {@code secondOrder}, second derivatives of f at the inputs. */
    static void check(String name, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, boolean secondOrder) {
        SplittableRandom rng = new SplittableRandom(name.hashCode());
        Tensor probe = f.apply(leaves(inputs));
        Tensor r = uniform(rng, -1, 1, probe.shape);
        Function<List<Tensor>, Tensor> loss = xs -> Ops.sum(Ops.mul(f.apply(xs), r));
        checkFirst(name, loss, inputs);
        if (secondOrder) {
            List<Tensor> vs = new ArrayList<>();
            for (Tensor x : inputs) {
                vs.add(uniform(rng, -1, 1, x.shape));
            }
            Function<List<Tensor>, Tensor> gradDotV = xs -> {
                List<Tensor> g = Autograd.grad(loss.apply(xs), xs, true);
                Tensor acc = null;
                for (int i = 0; i < xs.size(); i++) {
                    Tensor term = Ops.sum(Ops.mul(g.get(i), vs.get(i)));
                    acc = acc == null ? term : Ops.add(acc, term);
                }
                return acc;
            };
            checkFirst(name + " (2nd order)", gradDotV, inputs);
        }
    }

    private static void checkFirst(String name, Function<List<Tensor>, Tensor> scalar, List<Tensor> inputs) {
        List<Tensor> xs = leaves(inputs);
        Tensor value = scalar.apply(xs);
        List<Tensor> analytic = value.requiresGrad() ? Autograd.grad(value, xs, false) : zeros(xs);
        for (int i = 0; i < inputs.size(); i++) {
            double[] numeric = numericGradient(scalar, inputs, i);
            double[] a = analytic.get(i).toDoubleArray();
            double err = relativeError(a, numeric);
            assertTrue(err < TOLERANCE, name + ": input " + i + " relative error " + err + "\n analytic "
                    + Arrays.toString(Arrays.copyOf(a, Math.min(8, a.length))) + "\n numeric  "
                    + Arrays.toString(Arrays.copyOf(numeric, Math.min(8, numeric.length))));
        }
    }

    private static double[] numericGradient(Function<List<Tensor>, Tensor> scalar, List<Tensor> inputs, int which) {
        double[] base = inputs.get(which).toDoubleArray();
        double[] g = new double[base.length];
        for (int k = 0; k < base.length; k++) {
            g[k] = (evaluate(scalar, inputs, which, base, k, H) - evaluate(scalar, inputs, which, base, k, -H)) / (2 * H);
        }
        return g;
    }

    private static double evaluate(Function<List<Tensor>, Tensor> scalar, List<Tensor> inputs, int which,
                                   double[] base, int k, double h) {
        double[] moved = base.clone();
        moved[k] += h;
        List<Tensor> xs = leaves(inputs);
        xs.set(which, Tensor.wrap(moved, inputs.get(which).shape()).requireGrad());
        return scalar.apply(xs).item();
    }

    static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return Math.sqrt(diff) / Math.max(1e-3, Math.max(Math.sqrt(na), Math.sqrt(nb)));
    }

    private static List<Tensor> leaves(List<Tensor> inputs) {
        List<Tensor> xs = new ArrayList<>();
        for (Tensor x : inputs) {
            xs.add(x.detach().requireGrad());
        }
        return xs;
    }

    private static List<Tensor> zeros(List<Tensor> xs) {
        List<Tensor> z = new ArrayList<>();
        for (Tensor x : xs) {
            z.add(x.zerosLike());
        }
        return z;
    }
}
