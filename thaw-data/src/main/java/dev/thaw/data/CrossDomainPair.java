package dev.thaw.data;

/**
 * Two domains whose users are the same people (e.g. Amazon Sports and Clothing): one user id map
 * shared by both domains, separate item id maps.
 *
 * @param name  e.g. {@code sport_cloth}
 * @param users the shared users
 * @param x     the first domain
 * @param y     the second domain
 */
public record CrossDomainPair(String name, IdMap users, Domain x, Domain y) {
    /**
     * One domain's logs, all over the pair's shared user map and this domain's item map.
     *
     * @param name         e.g. {@code sport}
     * @param items        this domain's items
     * @param train        training interactions
     * @param test         held-out interactions (one per test user in the DisenCDR data)
     * @param testOriginal the published alternative test file (one row per user in DisenCDR)
     */
    public record Domain(String name, IdMap items, Interactions train, Interactions test, Interactions testOriginal) {
    }
}
