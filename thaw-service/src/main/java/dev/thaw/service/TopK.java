package dev.thaw.service;

import java.util.PriorityQueue;
import java.util.function.IntPredicate;

/** Top-k selection over a score array without sorting all of it. */
final class TopK {
    private TopK() {
    }

    /**
     * Positions of the {@code k} highest scores, best first, skipping positions for which {@code
     * skip} is true; equal scores keep the lower position first.
     */
    static int[] indices(float[] scores, int k, IntPredicate skip) {
        // The heap's head is the worst kept position: lowest score, then highest position.
        PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> scores[a] != scores[b]
                ? Float.compare(scores[a], scores[b]) : Integer.compare(b, a));
        for (int i = 0; i < scores.length; i++) {
            if (skip.test(i)) {
                continue;
            }
            if (heap.size() < k) {
                heap.add(i);
            } else if (scores[i] > scores[heap.peek()]) {
                heap.poll();
                heap.add(i);
            }
        }
        int[] out = new int[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = heap.poll();
        }
        return out;
    }
}
