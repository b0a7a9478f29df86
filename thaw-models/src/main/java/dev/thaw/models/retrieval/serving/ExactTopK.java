package dev.thaw.models.retrieval.serving;

import dev.thaw.engine.kernel.Gemm;

import dev.thaw.engine.meta.TaskParallel;

/**
 * Exact top-K by dot product for a batch of queries: scores are computed a block of queries times a
 * block of items at a time with the engine's GEMM, and each query keeps its best {@code k} in a
 * bounded heap while skipping its excluded items. Memory beyond the inputs is one score block per
 * thread. Ties go to the lower item index, so results do not depend on blocking or threads.
 */
public final class ExactTopK {
    /** Queries scored together (rows of a score block). */
    static final int QUERY_BLOCK = 64;
    /** Items scored together (columns of a score block). */
    static final int ITEM_BLOCK = 4096;

    private ExactTopK() {
    }

    /** Per query row, the items it must not get, ascending (an empty array for none). */
    @FunctionalInterface
    public interface Exclusions {
        /** The excluded items of query row {@code row}, ascending. */
        int[] of(int row);

        /** No exclusions. */
        static Exclusions none() {
            int[] empty = new int[0];
            return row -> empty;
        }
    }

    /**
     * The best {@code k} items for every query, on the calling thread.
     *
     * @param queries {@code [queryCount * dim]} row-major
     * @param items   {@code [itemCount * dim]} row-major
     */
    public static TopKLists search(float[] queries, float[] items, int dim, int k, Exclusions exclusions) {
        return search(queries, items, dim, k, exclusions, 1);
    }

    /** {@link #search(float[], float[], int, int, Exclusions)} with query blocks spread over {@code threads} threads. */
    public static TopKLists search(float[] queries, float[] items, int dim, int k, Exclusions exclusions, int threads) {
        if (dim < 1 || queries.length % dim != 0 || items.length % dim != 0) {
            throw new IllegalArgumentException("query and item arrays (" + queries.length + ", " + items.length
                    + ") are not multiples of dim " + dim);
        }
        if (k < 1 || threads < 1) {
            throw new IllegalArgumentException("k and threads must be >= 1, got " + k + " and " + threads);
        }
        int queryCount = queries.length / dim;
        int[][] bestItems = new int[queryCount][];
        float[][] bestScores = new float[queryCount][];
        int blocks = (queryCount + QUERY_BLOCK - 1) / QUERY_BLOCK;
        int workers = Math.min(threads, Math.max(1, blocks));
        try (TaskParallel runner = new TaskParallel(workers)) {
            runner.map(workers, first -> {
                Searcher searcher = new Searcher(queries, items, dim, k, exclusions, bestItems, bestScores);
                for (int b = first; b < blocks; b += workers) {
                    searcher.block(b * QUERY_BLOCK, Math.min(queryCount, (b + 1) * QUERY_BLOCK));
                }
                return null;
            });
        }
        return new TopKLists(k, bestItems, bestScores);
    }

    /** One thread's buffers. */
    private static final class Searcher {
        private final float[] queries;
        private final float[] items;
        private final int dim;
        private final int itemCount;
        private final Exclusions exclusions;
        private final int[][] bestItems;
        private final float[][] bestScores;
        private final float[] block;
        private final BoundedHeap[] heaps;
        private final int[][] excluded = new int[QUERY_BLOCK][];
        private final int[] cursor = new int[QUERY_BLOCK];

        Searcher(float[] queries, float[] items, int dim, int k, Exclusions exclusions, int[][] bestItems,
                 float[][] bestScores) {
            this.queries = queries;
            this.items = items;
            this.dim = dim;
            this.itemCount = items.length / dim;
            this.exclusions = exclusions;
            this.bestItems = bestItems;
            this.bestScores = bestScores;
            this.block = new float[QUERY_BLOCK * Math.min(ITEM_BLOCK, Math.max(1, itemCount))];
            this.heaps = new BoundedHeap[QUERY_BLOCK];
            for (int r = 0; r < QUERY_BLOCK; r++) {
                heaps[r] = new BoundedHeap(k);
            }
        }

        void block(int q0, int q1) {
            int rows = q1 - q0;
            for (int r = 0; r < rows; r++) {
                heaps[r].clear();
                excluded[r] = exclusions.of(q0 + r);
                cursor[r] = 0;
            }
            for (int i0 = 0; i0 < itemCount; i0 += ITEM_BLOCK) {
                int cols = Math.min(ITEM_BLOCK, itemCount - i0);
                Gemm.sgemm(false, true, rows, cols, dim, queries, q0 * dim, dim, items, i0 * dim, dim, block, 0, cols,
                        false);
                for (int r = 0; r < rows; r++) {
                    select(r, i0, cols);
                }
            }
            for (int r = 0; r < rows; r++) {
                int n = heaps[r].size();
                bestItems[q0 + r] = new int[n];
                bestScores[q0 + r] = new float[n];
                heaps[r].drainBestFirst(bestItems[q0 + r], bestScores[q0 + r]);
            }
        }

        /** Offers row r's scores of items i0..i0+cols to its heap, skipping excluded items. */
        private void select(int r, int i0, int cols) {
            BoundedHeap heap = heaps[r];
            int[] skip = excluded[r];
            int next = cursor[r];
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                int item = i0 + c;
                while (next < skip.length && skip[next] < item) {
                    next++;
                }
                if (next < skip.length && skip[next] == item) {
                    continue;
                }
                float score = block[base + c];
                if (!heap.full() || score >= heap.worstScore()) {
                    heap.offer(score, item);
                }
            }
            cursor[r] = next;
        }
    }
}
