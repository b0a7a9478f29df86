package dev.thaw.eval.retrieval;

import dev.thaw.data.split.UserItems;
import dev.thaw.models.retrieval.Retriever;
import dev.thaw.models.retrieval.serving.TopKLists;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folding (Google's recommendation course): embeddings of item groups that never co-occur can land
 * in the same region, so a user is recommended items of groups they never touched. Given each
 * item's group, this measures it on every user's top-K list (training items excluded): the share
 * of recommended items from groups absent from the user's training items, and the share of users
 * with at least one such item.
 */
public final class FoldingDiagnostic {
    private static final int USER_CHUNK = 2048;

    private FoldingDiagnostic() {
    }

    /**
     * The folding of one model.
     *
     * @param model             the model's name
     * @param k                 list length
     * @param users             users measured (those with training items)
     * @param foreignItemShare  recommended items from untouched groups / all recommended items
     * @param usersAffected     share of users with at least one such item
     */
    public record Result(String model, int k, int users, double foreignItemShare, double usersAffected) {
        /** JSON-ready map. */
        public Map<String, Object> asMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", model);
            out.put("k", k);
            out.put("users", users);
            out.put("foreign_item_share", foreignItemShare);
            out.put("users_affected", usersAffected);
            return out;
        }
    }

    /** Measures folding with item groups {@code itemGroup[item]} (0-based). */
    public static Result measure(Retriever model, UserItems train, int[] itemGroup, int k, int threads) {
        if (itemGroup.length != train.itemCount()) {
            throw new IllegalArgumentException("itemGroup has " + itemGroup.length + " entries for "
                    + train.itemCount() + " items");
        }
        int[] users = train.nonEmptyUsers();
        long listed = 0;
        long foreign = 0;
        int affected = 0;
        for (int c0 = 0; c0 < users.length; c0 += USER_CHUNK) {
            int[] chunk = Arrays.copyOfRange(users, c0, Math.min(users.length, c0 + USER_CHUNK));
            TopKLists lists = RankedLists.of(model, chunk, train, new UserItems[] {train}, k, threads);
            for (int r = 0; r < chunk.length; r++) {
                BitSet touched = new BitSet();
                for (int item : train.items(chunk[r])) {
                    touched.set(itemGroup[item]);
                }
                int outside = 0;
                for (int item : lists.items()[r]) {
                    outside += touched.get(itemGroup[item]) ? 0 : 1;
                }
                listed += lists.items()[r].length;
                foreign += outside;
                affected += outside > 0 ? 1 : 0;
            }
        }
        return new Result(model.name(), k, users.length, listed == 0 ? 0 : foreign / (double) listed,
                users.length == 0 ? 0 : affected / (double) users.length);
    }
}
