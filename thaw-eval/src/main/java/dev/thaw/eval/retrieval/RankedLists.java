package dev.thaw.eval.retrieval;

import dev.thaw.data.split.UserItems;
import dev.thaw.models.retrieval.Retriever;
import dev.thaw.models.retrieval.serving.ExactTopK;
import dev.thaw.models.retrieval.serving.TopKLists;

import java.util.Arrays;

/** Full-corpus top-K lists of a retriever for chosen users, never containing their excluded items. */
final class RankedLists {
    private RankedLists() {
    }

    /**
     * The best {@code k} items of every user in {@code users}, ranked over all items of the corpus
     * except the user's items in any of {@code excluded}.
     *
     * @param history what the model may read about each user (the training sets)
     */
    static TopKLists of(Retriever model, int[] users, UserItems history, UserItems[] excluded, int k, int threads) {
        float[] queries = model.queryEmbeddings(users, history);
        return ExactTopK.search(queries, model.itemEmbeddings(), model.dim(), k,
                row -> union(excluded, users[row]), threads);
    }

    /** The ascending union of a user's items over several sets. */
    static int[] union(UserItems[] sets, int user) {
        if (sets.length == 1) {
            return sets[0].items(user);
        }
        int[] all = Arrays.stream(sets).flatMapToInt(s -> Arrays.stream(s.items(user))).toArray();
        return Arrays.stream(all).sorted().distinct().toArray();
    }
}
