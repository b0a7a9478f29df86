package dev.thaw.models.retrieval.serving;

/**
 * The best {@code k} of a stream of (score, item) pairs: a min-heap whose root is the worst kept
 * pair, where lower score is worse and, at equal score, the higher item index is worse.
 */
final class BoundedHeap {
    private final float[] scores;
    private final int[] items;
    private int size;

    BoundedHeap(int k) {
        scores = new float[k];
        items = new int[k];
    }

    /** Empties the heap for reuse. */
    void clear() {
        size = 0;
    }

    /** True when the heap holds k pairs. */
    boolean full() {
        return size == scores.length;
    }

    /** The worst kept score (meaningful only when not empty). */
    float worstScore() {
        return scores[0];
    }

    /** Keeps the pair if it is among the best k seen so far. */
    void offer(float score, int item) {
        if (size < scores.length) {
            scores[size] = score;
            items[size] = item;
            siftUp(size++);
        } else if (worse(scores[0], items[0], score, item)) {
            scores[0] = score;
            items[0] = item;
            siftDown(0);
        }
    }

    /** Moves the kept pairs, best first, into the given arrays (length = size) and empties the heap. */
    int drainBestFirst(int[] itemsOut, float[] scoresOut) {
        int n = size;
        for (int slot = n - 1; slot >= 0; slot--) {
            itemsOut[slot] = items[0];
            scoresOut[slot] = scores[0];
            size--;
            scores[0] = scores[size];
            items[0] = items[size];
            siftDown(0);
        }
        return n;
    }

    int size() {
        return size;
    }

    private static boolean worse(float scoreA, int itemA, float scoreB, int itemB) {
        return scoreA < scoreB || (scoreA == scoreB && itemA > itemB);
    }

    private void siftUp(int slot) {
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (!worse(scores[slot], items[slot], scores[parent], items[parent])) {
                return;
            }
            swap(slot, parent);
            slot = parent;
        }
    }

    private void siftDown(int slot) {
        while (true) {
            int left = 2 * slot + 1;
            if (left >= size) {
                return;
            }
            int right = left + 1;
            int worst = right < size && worse(scores[right], items[right], scores[left], items[left]) ? right : left;
            if (!worse(scores[worst], items[worst], scores[slot], items[slot])) {
                return;
            }
            swap(slot, worst);
            slot = worst;
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int i = items[a];
        items[a] = items[b];
        items[b] = i;
    }
}
