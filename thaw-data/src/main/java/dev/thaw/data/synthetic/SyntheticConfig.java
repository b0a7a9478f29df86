package dev.thaw.data.synthetic;

/**
 * Settings of the {@link SyntheticGenerator}.
 *
 * @param users              number of users
 * @param items              number of items
 * @param latentDim          dimension of the planted taste vectors
 * @param userFeatureShare   share (0..1) of a user's taste variance determined by the user's features
 * @param itemFeatureShare   share (0..1) of an item's taste variance determined by the item's features
 * @param popularityExponent Zipf exponent of item popularity (0 = uniform)
 * @param minPerUser         fewest interactions per user
 * @param maxPerUser         most interactions per user
 * @param groups             planted groups (0 or 1 = none): users only ever meet items of their own group
 * @param feedback           explicit 1..5 ratings or implicit 1/0 clicks
 * @param noise              standard deviation of the noise added to the planted score
 * @param seed               the seed every random choice derives from
 */
public record SyntheticConfig(int users, int items, int latentDim, double userFeatureShare, double itemFeatureShare,
                              double popularityExponent, int minPerUser, int maxPerUser, int groups,
                              Feedback feedback, double noise, long seed) {
    /** Kind of generated value. */
    public enum Feedback { RATING, CLICK }

    public SyntheticConfig {
        require(users >= 1 && items >= 1, "users and items must be >= 1");
        require(latentDim >= 1, "latentDim must be >= 1");
        require(inUnit(userFeatureShare) && inUnit(itemFeatureShare), "feature shares must lie in [0, 1]");
        require(popularityExponent >= 0, "popularityExponent must be >= 0");
        require(minPerUser >= 1 && maxPerUser >= minPerUser, "need 1 <= minPerUser <= maxPerUser");
        require(groups >= 0, "groups must be >= 0");
        require(noise >= 0, "noise must be >= 0");
        int itemsPerGroup = items / Math.max(1, groups);
        require(maxPerUser <= itemsPerGroup, "maxPerUser (" + maxPerUser + ") exceeds the " + itemsPerGroup
                + " items a user can reach" + (groups > 1 ? " in its group" : ""));
    }

    /** Small defaults for fast tests: 400 users, 300 items, 15-40 ratings each, no groups. */
    public static SyntheticConfig small(long seed) {
        return new SyntheticConfig(400, 300, 8, 0.7, 0.7, 1.0, 15, 40, 0, Feedback.RATING, 0.3, seed);
    }

    /** This config with other sizes. */
    public SyntheticConfig withSize(int userCount, int itemCount) {
        return new SyntheticConfig(userCount, itemCount, latentDim, userFeatureShare, itemFeatureShare,
                popularityExponent, minPerUser, maxPerUser, groups, feedback, noise, seed);
    }

    /** This config with other feature shares. */
    public SyntheticConfig withFeatureShares(double userShare, double itemShare) {
        return new SyntheticConfig(users, items, latentDim, userShare, itemShare, popularityExponent, minPerUser,
                maxPerUser, groups, feedback, noise, seed);
    }

    /** This config with another number of planted groups. */
    public SyntheticConfig withGroups(int groupCount) {
        return new SyntheticConfig(users, items, latentDim, userFeatureShare, itemFeatureShare, popularityExponent,
                minPerUser, maxPerUser, groupCount, feedback, noise, seed);
    }

    /** This config with another feedback kind. */
    public SyntheticConfig withFeedback(Feedback kind) {
        return new SyntheticConfig(users, items, latentDim, userFeatureShare, itemFeatureShare, popularityExponent,
                minPerUser, maxPerUser, groups, kind, noise, seed);
    }

    /** This config with another range of interactions per user. */
    public SyntheticConfig withInteractionsPerUser(int min, int max) {
        return new SyntheticConfig(users, items, latentDim, userFeatureShare, itemFeatureShare, popularityExponent,
                min, max, groups, feedback, noise, seed);
    }

    /** This config with another popularity exponent. */
    public SyntheticConfig withPopularityExponent(double exponent) {
        return new SyntheticConfig(users, items, latentDim, userFeatureShare, itemFeatureShare, exponent,
                minPerUser, maxPerUser, groups, feedback, noise, seed);
    }

    /** This config with another seed. */
    public SyntheticConfig withSeed(long newSeed) {
        return new SyntheticConfig(users, items, latentDim, userFeatureShare, itemFeatureShare, popularityExponent,
                minPerUser, maxPerUser, groups, feedback, noise, newSeed);
    }

    private static boolean inUnit(double x) {
        return x >= 0 && x <= 1;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
