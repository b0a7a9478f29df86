package dev.thaw.models.retrieval;

import dev.thaw.data.split.UserItems;

import java.util.Arrays;

/**
 * The most-popular baseline as a one-dimensional retriever: every user's query is 1 and an item's
 * embedding is its training interaction count, so every user gets the same ranking by popularity
 * (ties to the lower item index, like every top-K here).
 */
public final class PopularityRetriever implements Retriever {
    private final float[] counts;

    private PopularityRetriever(float[] counts) {
        this.counts = counts;
    }

    /** Popularity from the training sets. */
    public static PopularityRetriever of(UserItems train) {
        int[] counts = train.itemCounts();
        float[] asFloats = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            asFloats[i] = counts[i];
        }
        return new PopularityRetriever(asFloats);
    }

    @Override
    public String name() {
        return "most-popular";
    }

    @Override
    public int itemCount() {
        return counts.length;
    }

    @Override
    public int dim() {
        return 1;
    }

    @Override
    public float[] queryEmbeddings(int[] users, UserItems history) {
        float[] ones = new float[users.length];
        Arrays.fill(ones, 1f);
        return ones;
    }

    @Override
    public float[] itemEmbeddings() {
        return counts.clone();
    }
}
