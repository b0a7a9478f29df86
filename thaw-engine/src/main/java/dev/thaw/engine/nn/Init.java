package dev.thaw.engine.nn;

import dev.thaw.engine.Shapes;
import dev.thaw.engine.Tensor;
import java.util.random.RandomGenerator;

/** Seeded float32 initialisers. Randomness always comes from the caller's generator. */
public final class Init {
    private Init() {
    }

    /** U(-bound, bound). */
    public static Tensor uniform(RandomGenerator rng, double bound, int... shape) {
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return Tensor.wrap(v, shape);
    }

    /** N(0, std^2). */
    public static Tensor normal(RandomGenerator rng, double std, int... shape) {
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * std);
        }
        return Tensor.wrap(v, shape);
    }

    /** Glorot/Xavier uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)). */
    public static Tensor xavierUniform(RandomGenerator rng, int fanIn, int fanOut, int... shape) {
        return uniform(rng, Math.sqrt(6.0 / (fanIn + fanOut)), shape);
    }

    /** PyTorch's default for linear and convolution layers: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    public static Tensor fanInUniform(RandomGenerator rng, int fanIn, int... shape) {
        return uniform(rng, 1 / Math.sqrt(Math.max(1, fanIn)), shape);
    }
}
