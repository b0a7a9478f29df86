package dev.thaw.models.melu;

/**
 * MeLU's hyper-parameters, validated on construction.
 *
 * @param embeddingDim      size of every field embedding (paper: 32)
 * @param hidden1           width of the first decision layer (paper: 64)
 * @param hidden2           width of the second decision layer (paper: 64)
 * @param embeddingStd      standard deviation of the N(0, std^2) embedding initialisation
 * @param innerLearningRate local (inner) step size alpha
 * @param trainLocalSteps   local steps per task during meta-training (&gt;= 1)
 * @param adaptLocalSteps   local steps when adapting to a new user at evaluation or serving time (&gt;= 1)
 * @param secondOrder       differentiate through the local update (true MAML) or not (first-order MAML)
 * @param metaLearningRate  global (outer) Adam step size beta
 * @param metaBatchSize     tasks per global update
 * @param learnedInnerRates learn the local step size per local step and per decision tensor (MAML++'s
 *                          LSLR), starting from {@code innerLearningRate}; off: one fixed alpha, as in the paper
 * @param userBias          after the local update, add the user's closed-form rating offset: the support
 *                          residuals' sum over (support size + lambda), lambda meta-learned (off: as in the paper)
 * @param supportShrinkage  scale the local steps by n / (n + kappa) for a support of n ratings, kappa
 *                          meta-learned, so one or two ratings move the model less than fifty (off: every
 *                          support size takes the same steps, as in the paper)
 */
public record MeluConfig(int embeddingDim, int hidden1, int hidden2, double embeddingStd, double innerLearningRate,
                         int trainLocalSteps, int adaptLocalSteps, boolean secondOrder, double metaLearningRate,
                         int metaBatchSize, boolean learnedInnerRates, boolean userBias,
                         boolean supportShrinkage) {
    public MeluConfig {
        require(embeddingDim >= 1 && hidden1 >= 1 && hidden2 >= 1, "embeddingDim, hidden1 and hidden2 must be >= 1");
        require(embeddingStd > 0, "embeddingStd must be > 0, got " + embeddingStd);
        require(innerLearningRate > 0, "innerLearningRate must be > 0, got " + innerLearningRate);
        require(trainLocalSteps >= 1 && adaptLocalSteps >= 1, "local steps must be >= 1, got " + trainLocalSteps
                + " (training) and " + adaptLocalSteps + " (adaptation)");
        require(metaLearningRate > 0, "metaLearningRate must be > 0, got " + metaLearningRate);
        require(metaBatchSize >= 1, "metaBatchSize must be >= 1, got " + metaBatchSize);
    }

    /**
     * Thaw's defaults: the settings of the reimplementation that beat the paper (inner lr 0.01,
     * meta lr 1e-3, 5 local steps in training and adaptation), second order, batch 32.
     */
    public static MeluConfig defaults() {
        return new MeluConfig(32, 64, 64, 0.1, 0.01, 5, 5, true, 1e-3, 32, false, false, false);
    }

    /** The paper's setting: alpha 5e-6, beta 5e-5, batch 32, {@code localSteps} (1 or 5) local steps. */
    public static MeluConfig paper(int localSteps) {
        return new MeluConfig(32, 64, 64, 0.1, 5e-6, localSteps, localSteps, true, 5e-5, 32, false, false, false);
    }

    /** This config with first- or second-order meta-gradients. */
    public MeluConfig withSecondOrder(boolean value) {
        return new MeluConfig(embeddingDim, hidden1, hidden2, embeddingStd, innerLearningRate, trainLocalSteps,
                adaptLocalSteps, value, metaLearningRate, metaBatchSize, learnedInnerRates, userBias,
                supportShrinkage);
    }

    /** This config with other local step counts. */
    public MeluConfig withLocalSteps(int training, int adaptation) {
        return new MeluConfig(embeddingDim, hidden1, hidden2, embeddingStd, innerLearningRate, training, adaptation,
                secondOrder, metaLearningRate, metaBatchSize, learnedInnerRates, userBias,
                supportShrinkage);
    }

    /** This config with other step sizes. */
    public MeluConfig withLearningRates(double inner, double meta) {
        return new MeluConfig(embeddingDim, hidden1, hidden2, embeddingStd, inner, trainLocalSteps, adaptLocalSteps,
                secondOrder, meta, metaBatchSize, learnedInnerRates, userBias,
                supportShrinkage);
    }

    /** This config with another meta-batch size. */
    public MeluConfig withMetaBatchSize(int tasks) {
        return new MeluConfig(embeddingDim, hidden1, hidden2, embeddingStd, innerLearningRate, trainLocalSteps,
                adaptLocalSteps, secondOrder, metaLearningRate, tasks, learnedInnerRates, userBias,
                supportShrinkage);
    }

    /** This config with learned (true) or fixed (false) local step sizes. */
    public MeluConfig withLearnedInnerRates(boolean value) {
        return new MeluConfig(embeddingDim, hidden1, hidden2, embeddingStd, innerLearningRate, trainLocalSteps,
                adaptLocalSteps, secondOrder, metaLearningRate, metaBatchSize, value, userBias,
                supportShrinkage);
    }

    /** This config with (true) or without (false) the closed-form user rating offset after the local update. */
    public MeluConfig withUserBias(boolean value) {
        return new MeluConfig(embeddingDim, hidden1, hidden2, embeddingStd, innerLearningRate, trainLocalSteps,
                adaptLocalSteps, secondOrder, metaLearningRate, metaBatchSize, learnedInnerRates, value,
                supportShrinkage);
    }

    /** This config with (true) or without (false) the local update's support-size shrinkage. */
    public MeluConfig withSupportShrinkage(boolean value) {
        return new MeluConfig(embeddingDim, hidden1, hidden2, embeddingStd, innerLearningRate, trainLocalSteps,
                adaptLocalSteps, secondOrder, metaLearningRate, metaBatchSize, learnedInnerRates, userBias, value);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("MeLU config: " + message);
        }
    }
}
