package dev.thaw.training.mf;

import dev.thaw.data.Seeds;
import dev.thaw.data.split.UserItems;
import dev.thaw.models.retrieval.mf.FactorModel;

import java.util.SplittableRandom;

/**
 * Fits {@link BprConfig} by plain SGD on one thread. Every random choice (initial factors, the
 * training pair, the negative) comes from streams derived from the seed, so a seed repeats a fit
 * bit for bit. A negative is drawn uniformly from all items and redrawn while the user has it.
 */
public final class BprTrainer {
    private static final int MAX_NEGATIVE_DRAWS = 100;

    private BprTrainer() {
    }

    /** Fits factors to the training sets. */
    public static FitResult fit(UserItems train, BprConfig config, long seed, FitProgress progress) {
        long start = System.nanoTime();
        int d = config.dim();
        SplittableRandom init = Seeds.derive(seed, Seeds.label("bpr/init"));
        float[] users = gaussian(train.userCount() * d, 0.1, init);
        float[] items = gaussian(train.itemCount() * d, 0.1, init);
        int[][] pairs = train.pairs();
        double[] losses = new double[config.epochs()];
        float[] userCopy = new float[d];
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            SplittableRandom random = Seeds.derive(seed, Seeds.label("bpr/epoch"), epoch);
            double loss = 0;
            int steps = 0;
            for (int s = 0; s < pairs[0].length; s++) {
                int p = random.nextInt(pairs[0].length);
                int u = pairs[0][p];
                int j = negative(train, u, random);
                if (j < 0) {
                    continue;
                }
                loss += step(users, items, u * d, pairs[1][p] * d, j * d, d, config, userCopy);
                steps++;
            }
            losses[epoch] = steps == 0 ? 0 : loss / steps;
            progress.epochDone(epoch + 1, config.epochs(), losses[epoch], System.nanoTime() - start);
        }
        return new FitResult(new FactorModel("bpr", d, users, items), losses, (System.nanoTime() - start) / 1e9);
    }

    /** A uniform item the user does not have, or -1 after too many draws (a user with nearly every item). */
    private static int negative(UserItems train, int user, SplittableRandom random) {
        for (int draw = 0; draw < MAX_NEGATIVE_DRAWS; draw++) {
            int j = random.nextInt(train.itemCount());
            if (!train.contains(user, j)) {
                return j;
            }
        }
        return -1;
    }

    /** One SGD step on (u, i, j); returns the loss before the step. */
    private static double step(float[] users, float[] items, int u, int i, int j, int d, BprConfig config,
                               float[] userCopy) {
        double x = 0;
        for (int k = 0; k < d; k++) {
            x += users[u + k] * (items[i + k] - items[j + k]);
        }
        double g = 1 / (1 + Math.exp(x));
        float lr = (float) config.learningRate();
        float l2 = (float) config.regularization();
        float gf = (float) g;
        System.arraycopy(users, u, userCopy, 0, d);
        for (int k = 0; k < d; k++) {
            float vi = items[i + k];
            float vj = items[j + k];
            users[u + k] += lr * (gf * (vi - vj) - l2 * users[u + k]);
            items[i + k] += lr * (gf * userCopy[k] - l2 * vi);
            items[j + k] += lr * (-gf * userCopy[k] - l2 * vj);
        }
        return x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
    }

    private static float[] gaussian(int n, double std, SplittableRandom random) {
        float[] x = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) (std * random.nextGaussian());
        }
        return x;
    }
}
