package dev.thaw.models.retrieval.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * Approximate maximum-inner-product search over item embeddings with Apache Lucene's HNSW graph
 * (built in memory, {@code MAXIMUM_INNER_PRODUCT} similarity, which ranks like the dot product).
 * The graph reads the item array in place; a search explores {@code ef} candidates and returns the
 * best {@code k} of them, so a larger ef buys recall with time. Searches are thread-safe.
 */
public final class HnswIndex {
    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;

    private final FlatVectors vectors;
    private final OnHeapHnswGraph graph;

    private HnswIndex(FlatVectors vectors, OnHeapHnswGraph graph) {
        this.vectors = vectors;
        this.graph = graph;
    }

    /**
     * Builds the graph on the calling thread.
     *
     * @param items     {@code [itemCount * dim]} row-major (read, not copied: do not change it afterwards)
     * @param maxConn   neighbours per node (Lucene's M, default 16)
     * @param beamWidth candidates considered while inserting (Lucene's default 100)
     * @param seed      seed of the level assignment
     */
    public static HnswIndex build(float[] items, int dim, int maxConn, int beamWidth, long seed) {
        if (dim < 1 || items.length % dim != 0 || items.length == 0) {
            throw new IllegalArgumentException("item array of length " + items.length + " is not a non-empty multiple of dim " + dim);
        }
        if (maxConn < 2 || beamWidth < 1) {
            throw new IllegalArgumentException("maxConn must be >= 2 and beamWidth >= 1");
        }
        FlatVectors vectors = new FlatVectors(items, dim);
        try {
            HnswGraphBuilder builder = HnswGraphBuilder.create(
                    DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(SIMILARITY, vectors), maxConn,
                    beamWidth, seed);
            return new HnswIndex(vectors, builder.build(vectors.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("building the HNSW graph failed", e);
        }
    }

    /** Number of indexed items. */
    public int size() {
        return vectors.size();
    }

    /**
     * Approximately the best {@code k} items for one query, best first by dot product.
     *
     * @param ef candidates explored (at least k)
     */
    public int[] search(float[] query, int k, int ef) {
        if (query.length != vectors.dimension() || k < 1) {
            throw new IllegalArgumentException("query of length " + query.length + " for dim " + vectors.dimension()
                    + ", k " + k);
        }
        try {
            RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(SIMILARITY, vectors.copy(),
                    query);
            KnnCollector collector = HnswGraphSearcher.search(scorer, Math.max(k, ef), graph, null, Integer.MAX_VALUE);
            ScoreDoc[] hits = collector.topDocs().scoreDocs;
            return Arrays.stream(hits).limit(k).mapToInt(h -> h.doc).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("HNSW search failed", e);
        }
    }

    /** Lucene's view of a row-major float array; each copy has its own row buffer. */
    private static final class FlatVectors extends FloatVectorValues {
        private final float[] data;
        private final int dim;
        private final float[] row;

        FlatVectors(float[] data, int dim) {
            this.data = data;
            this.dim = dim;
            this.row = new float[dim];
        }

        @Override
        public float[] vectorValue(int ord) {
            System.arraycopy(data, ord * dim, row, 0, dim);
            return row;
        }

        @Override
        public FlatVectors copy() {
            return new FlatVectors(data, dim);
        }

        @Override
        public int dimension() {
            return dim;
        }

        @Override
        public int size() {
            return data.length / dim;
        }
    }
}
