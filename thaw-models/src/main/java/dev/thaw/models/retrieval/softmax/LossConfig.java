package dev.thaw.models.retrieval.softmax;

/**
 * Which softmax loss trains a retrieval model and how its negatives are drawn and corrected.
 *
 * @param kind           where the candidates come from
 * @param negatives      sampled negatives per batch (UNIFORM, POPULARITY, shared by all rows) or per row (HARD)
 * @param popularityExponent Q(i) proportional to count^exponent for POPULARITY, in (0, 1]
 * @param logQ           subtract log Q(candidate) from every logit (POPULARITY, IN_BATCH; a no-op for UNIFORM)
 * @param streamingQ     IN_BATCH only: estimate Q with the streaming {@link FrequencyEstimator} instead
 *                       of the known training counts
 * @param estimator      settings of the streaming estimator
 * @param hits           which accidental hits are removed
 * @param hard           HARD: how negatives are mined
 */
public record LossConfig(Kind kind, int negatives, double popularityExponent, boolean logQ, boolean streamingQ,
                         FrequencyEstimator.Config estimator, AccidentalHits hits, Hard hard) {
    /**
     * Hard-negative mining.
     *
     * @param share        share of each row's negatives that are mined (the rest are uniform), in [0, 1]
     * @param refreshSteps the pool's item embeddings used for mining are recomputed every this many steps
     * @param poolSize     items scored when mining (a uniform subset, redrawn at each refresh; the whole
     *                     corpus when it is at least the corpus size)
     * @param skipTop      the mined items are the top-scored non-positives after skipping this many (the
     *                     very top are often unlabelled positives; Huang et al., KDD 2020, mine ranks 101-500)
     */
    public record Hard(double share, int refreshSteps, int poolSize, int skipTop) {
        public Hard {
            if (!(share >= 0 && share <= 1) || refreshSteps < 1 || poolSize < 1 || skipTop < 0) {
                throw new IllegalArgumentException("hard negatives need share in [0, 1], refresh >= 1, pool >= 1 and "
                        + "skip >= 0, got " + share + ", " + refreshSteps + ", " + poolSize + ", " + skipTop);
            }
        }

        /** Half the negatives mined from the whole corpus, refreshed every 50 steps, nothing skipped. */
        public static Hard defaults() {
            return new Hard(0.5, 50, Integer.MAX_VALUE, 0);
        }
    }

    /** Candidate sources. */
    public enum Kind {
        /** Every item of the corpus is a candidate (exact softmax; small corpora). */
        FULL,
        /** The label plus negatives drawn uniformly, shared by the batch. */
        UNIFORM,
        /** The label plus negatives drawn in proportion to count^exponent, shared by the batch. */
        POPULARITY,
        /** The batch's own positives are each other's negatives (drawn in proportion to item frequency). */
        IN_BATCH,
        /** The label plus per-row negatives: the items the current model scores highest, mixed with uniform ones. */
        HARD
    }

    public LossConfig {
        if (kind == null || hits == null || estimator == null || hard == null) {
            throw new IllegalArgumentException("loss config needs a kind, an accidental-hit rule and estimator settings");
        }
        if ((kind == Kind.UNIFORM || kind == Kind.POPULARITY || kind == Kind.HARD) && negatives < 1) {
            throw new IllegalArgumentException(kind + " needs negatives >= 1, got " + negatives);
        }
        if (!(popularityExponent > 0 && popularityExponent <= 1)) {
            throw new IllegalArgumentException("popularity exponent must lie in (0, 1], got " + popularityExponent);
        }
        if (logQ && (kind == Kind.FULL || kind == Kind.HARD)) {
            throw new IllegalArgumentException("logQ applies to sampled and in-batch negatives, not to " + kind);
        }
        if (streamingQ && !(kind == Kind.IN_BATCH && logQ)) {
            throw new IllegalArgumentException("the streaming estimate of Q is for in-batch negatives with logQ");
        }
    }

    /**
     * The defaults of a kind: 512 negatives (HARD: 64 per row, half mined, pool of the whole corpus
     * refreshed every 50 steps), popularity exponent 0.75, logQ on where it applies (known counts),
     * all of the user's positives removed as accidental hits.
     */
    public static LossConfig of(Kind kind) {
        boolean logQ = kind == Kind.POPULARITY || kind == Kind.IN_BATCH;
        return new LossConfig(kind, kind == Kind.HARD ? 64 : 512, 0.75, logQ, false,
                FrequencyEstimator.Config.defaults(), AccidentalHits.USER_POSITIVES, Hard.defaults());
    }

    /** This config with logQ on or off (and the streaming estimate off when logQ is off). */
    public LossConfig withLogQ(boolean on) {
        return new LossConfig(kind, negatives, popularityExponent, on, on && streamingQ, estimator, hits, hard);
    }

    /** This config with Q of in-batch negatives from the streaming estimator. */
    public LossConfig withStreamingQ(FrequencyEstimator.Config settings) {
        return new LossConfig(kind, negatives, popularityExponent, true, true, settings, hits, hard);
    }

    /** This config with another accidental-hit rule. */
    public LossConfig withHits(AccidentalHits rule) {
        return new LossConfig(kind, negatives, popularityExponent, logQ, streamingQ, estimator, rule, hard);
    }

    /** This config with another number of negatives. */
    public LossConfig withNegatives(int count) {
        return new LossConfig(kind, count, popularityExponent, logQ, streamingQ, estimator, hits, hard);
    }

    /** This config with other hard-negative settings. */
    public LossConfig withHard(Hard settings) {
        return new LossConfig(kind, negatives, popularityExponent, logQ, streamingQ, estimator, hits, settings);
    }

    /** This config with another popularity exponent. */
    public LossConfig withPopularityExponent(double exponent) {
        return new LossConfig(kind, negatives, exponent, logQ, streamingQ, estimator, hits, hard);
    }

    /** A short name for reports, e.g. {@code in-batch+logQ(streaming)} or {@code popularity+logQ}. */
    public String label() {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String q = logQ ? (streamingQ ? "+logQ(streaming)" : "+logQ") : "";
        String h = hits == AccidentalHits.USER_POSITIVES ? "" : "+hits:" + hits.name().toLowerCase(java.util.Locale.ROOT);
        return name + q + h;
    }
}
