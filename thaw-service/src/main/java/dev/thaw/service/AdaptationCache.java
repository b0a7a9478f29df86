package dev.thaw.service;

import dev.thaw.service.store.FeedbackStore.Rating;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Per-user results of adaptation, bounded (least recently used out): the adapted model's scores of
 * the whole catalogue, which is all a later recommendation needs from the adapted weights. An entry
 * is valid only for the model version and the exact ratings it was computed from, so a new rating
 * or a model swap (here, or on another replica sharing the database) is never answered from a stale
 * entry; writes also drop the user's entry at once to free its memory.
 */
final class AdaptationCache {
    private final int capacity;
    private final LinkedHashMap<String, Entry> entries;

    /**
     * Scores of every catalogue item after adapting to {@code ratings}.
     *
     * @param modelVersion the model they came from
     * @param ratings      the ratings adapted on
     * @param scores       one score per catalogue index
     */
    record Entry(String modelVersion, List<Rating> ratings, float[] scores) {
    }

    AdaptationCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("cache capacity must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The user's entry if it was computed by {@code modelVersion} from exactly {@code ratings}. */
    synchronized float[] get(String user, String modelVersion, List<Rating> ratings) {
        Entry entry = entries.get(user);
        if (entry == null || !entry.modelVersion().equals(modelVersion) || !entry.ratings().equals(ratings)) {
            return null;
        }
        return entry.scores();
    }

    synchronized void put(String user, Entry entry) {
        if (capacity == 0) {
            return;
        }
        entries.put(user, entry);
        if (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    /** False when the capacity is 0 (caching switched off). */
    boolean enabled() {
        return capacity > 0;
    }

    synchronized void invalidate(String user) {
        entries.remove(user);
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}
