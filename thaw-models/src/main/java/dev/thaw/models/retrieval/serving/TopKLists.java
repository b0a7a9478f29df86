package dev.thaw.models.retrieval.serving;

/**
 * Ranked item lists, one per query, best first (higher score, then lower item index). A list is
 * shorter than {@code k} only when fewer items were eligible.
 *
 * @param k      the requested length
 * @param items  per query, the item indices
 * @param scores per query, the scores of those items
 */
public record TopKLists(int k, int[][] items, float[][] scores) {
    /** Number of queries. */
    public int size() {
        return items.length;
    }
}
