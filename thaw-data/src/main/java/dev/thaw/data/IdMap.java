package dev.thaw.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable two-way map between raw ids (as written in a source file) and dense indices 0..n-1. */
public final class IdMap {
    private final List<String> raw;
    private final Map<String, Integer> index;

    private IdMap(List<String> raw, Map<String, Integer> index) {
        this.raw = raw;
        this.index = index;
    }

    /** Number of ids. */
    public int size() {
        return raw.size();
    }

    /** The dense index of a raw id, or -1 when unknown. */
    public int indexOf(String rawId) {
        Integer i = index.get(rawId);
        return i == null ? -1 : i;
    }

    /** The dense index of a raw id, or an error naming the id and what kind of id it is. */
    public int require(String rawId, String what) {
        int i = indexOf(rawId);
        if (i < 0) {
            throw new IllegalArgumentException("unknown " + what + " id '" + rawId + "'");
        }
        return i;
    }

    /** The raw id of a dense index. */
    public String raw(int denseIndex) {
        return raw.get(denseIndex);
    }

    /** All raw ids in index order (unmodifiable). */
    public List<String> rawIds() {
        return raw;
    }

    /** A builder that hands out indices in first-seen order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects ids in first-seen order. Not thread-safe. */
    public static final class Builder {
        private final List<String> raw = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        /** The index of a raw id, adding it if new. */
        public int add(String rawId) {
            Integer i = index.get(rawId);
            if (i != null) {
                return i;
            }
            int next = raw.size();
            raw.add(rawId);
            index.put(rawId, next);
            return next;
        }

        /** The index of a raw id already added, or -1. */
        public int indexOf(String rawId) {
            Integer i = index.get(rawId);
            return i == null ? -1 : i;
        }

        /** Number of ids added so far. */
        public int size() {
            return raw.size();
        }

        /** The finished, immutable map. */
        public IdMap build() {
            return new IdMap(Collections.unmodifiableList(new ArrayList<>(raw)), Map.copyOf(index));
        }
    }
}
