package dev.thaw.models.retrieval;

import dev.thaw.data.split.UserItems;

/**
 * A trained candidate-generation model that scores every item of a corpus by a dot product of
 * embeddings: {@code score(u, i) = query(u) . item(i)}. Matrix factorisation and two-tower models
 * both take this form, so evaluation, exact top-K serving and approximate indexes need nothing else.
 * Implementations are immutable and thread-safe.
 */
public interface Retriever {
    /** Short name for reports, e.g. "wals" or "two-tower/in-batch+logQ". */
    String name();

    /** Number of items in the corpus. */
    int itemCount();

    /** Embedding dimension. */
    int dim();

    /**
     * Query embeddings of users, {@code [users.length * dim]} row-major.
     *
     * @param users   user indices of the training corpus
     * @param history each user's known items (a two-tower user tower pools them; factor models ignore them)
     */
    float[] queryEmbeddings(int[] users, UserItems history);

    /** Item embeddings, {@code [itemCount * dim]} row-major. */
    float[] itemEmbeddings();
}
