package dev.thaw.models.retrieval.softmax;

/**
 * Streaming estimate of how often each item occurs in a stream of batches, for the logQ correction
 * of in-batch negatives when sampling probabilities are not known up front (Yi et al., "Sampling-Bias-
 * Corrected Neural Modeling for Large Corpus Item Recommendations", RecSys 2019, Algorithm 1).
 *
 * <p>Each of {@code hashes} hash functions maps an item to one of {@code buckets} cells of two arrays:
 * A, the last step the cell was seen, and B, the estimated gap in steps between two sightings. At
 * step t (one per batch), every occurrence of an item updates {@code B <- (1 - alpha) B + alpha (t - A)}
 * then {@code A <- t}; a cell's first sighting sets B to t (the wait since the stream began). The
 * estimate is {@code p = 1 / B}: the expected number of occurrences per batch (not an inclusion
 * probability: repeats within a batch count, as gaps of 0). Over many steps the sum of an item's
 * gaps equals the steps elapsed, so the mean gap is {@code 1 / (batch size x per-draw probability)}
 * and the estimate is proportional to the per-draw probability, which is all logQ needs.
 *
 * <p>Collisions only shorten gaps (another item's sighting resets A), so B is biased low. With
 * several hash functions, the paper's variant takes the largest B (the least contaminated cell);
 * without it the B of the first hash function is used.
 */
public final class FrequencyEstimator {
    private static final double MIN_GAP = 1e-6;

    private final Config config;
    private final long[][] lastSeen;
    private final double[][] gap;
    private long step;

    /**
     * Settings.
     *
     * @param buckets cells per hash function (more cells, fewer collisions)
     * @param hashes  number of hash functions (>= 1)
     * @param alpha   learning rate of the gap estimate, in (0, 1): smaller averages more steps
     * @param maxGap  take the largest B over the hash functions (the paper's multi-hash variant)
     */
    public record Config(int buckets, int hashes, double alpha, boolean maxGap) {
        public Config {
            if (buckets < 1 || hashes < 1 || !(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("frequency estimator needs buckets >= 1, hashes >= 1 and alpha in "
                        + "(0, 1), got " + buckets + ", " + hashes + ", " + alpha);
            }
        }

        /** 2^20 cells, one hash function, alpha 0.01. */
        public static Config defaults() {
            return new Config(1 << 20, 1, 0.01, false);
        }
    }

    /** An estimator that has seen nothing. */
    public FrequencyEstimator(Config config) {
        this.config = config;
        lastSeen = new long[config.hashes()][config.buckets()];
        gap = new double[config.hashes()][config.buckets()];
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /** Steps (batches) seen so far. */
    public long steps() {
        return step;
    }

    /** Advances one step and records every occurrence of the batch's items (repeats included). */
    public void update(int[] batchItems) {
        step++;
        for (int item : batchItems) {
            for (int h = 0; h < config.hashes(); h++) {
                int cell = cell(h, item);
                long last = lastSeen[h][cell];
                gap[h][cell] = last == 0 ? step : (1 - config.alpha()) * gap[h][cell] + config.alpha() * (step - last);
                lastSeen[h][cell] = step;
            }
        }
    }

    /** The estimated occurrences of an item per batch, {@code 1 / B}; 0 for an item never seen. */
    public double frequency(int item) {
        double b = estimatedGap(item);
        return b == 0 ? 0 : 1 / Math.max(b, MIN_GAP);
    }

    /** log of {@link #frequency}, for the logQ correction (the items it is asked about have been seen). */
    public double logQ(int item) {
        return -Math.log(Math.max(estimatedGap(item), MIN_GAP));
    }

    private double estimatedGap(int item) {
        double b = gap[0][cell(0, item)];
        for (int h = 1; h < config.hashes() && config.maxGap(); h++) {
            b = Math.max(b, gap[h][cell(h, item)]);
        }
        return b;
    }

    private int cell(int hash, int item) {
        long z = item * 0x9E3779B97F4A7C15L + (hash + 1) * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) Math.floorMod(z ^ (z >>> 31), (long) config.buckets());
    }
}
