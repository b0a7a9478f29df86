package dev.thaw.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable two-way map between raw ids (as written in a source file) and dense indices 0..n-1.
 * Ids written as plain decimal numbers (no sign or leading zero) below 2,097,152 are also looked up
 * by value through an array, without hashing a string.
 */
public final class IdMap {
    private static final int NUMBER_LIMIT = 1 << 21;

    private final List<String> raw;
    private final Map<String, Integer> index;
    private final int[] byNumber;

    private IdMap(List<String> raw, Map<String, Integer> index, int[] byNumber) {
        this.raw = raw;
        this.index = index;
        this.byNumber = byNumber;
    }

    /** Number of ids. */
    public int size() {
        return raw.size();
    }

    /** The dense index of a raw id, or -1 when unknown. */
    public int indexOf(String rawId) {
        return lookUp(byNumber, rawId, index);
    }

    /** The dense index of the raw id {@code Long.toString(number)} (number >= 0), or -1 when unknown. */
    public int indexOfNumber(long number) {
        return lookUpNumber(byNumber, number, index);
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
        private int[] byNumber = new int[0];

        /** The index of a raw id, adding it if new. */
        public int add(String rawId) {
            Integer i = index.get(rawId);
            if (i != null) {
                return i;
            }
            int next = raw.size();
            raw.add(rawId);
            index.put(rawId, next);
            indexNumber(rawId, next);
            return next;
        }

        /** The index of the raw id {@code Long.toString(number)} (number >= 0) already added, or -1. */
        public int indexOfNumber(long number) {
            return lookUpNumber(byNumber, number, index);
        }

        private void indexNumber(String rawId, int denseIndex) {
            int n = numberOf(rawId);
            if (n < 0) {
                return;
            }
            if (n >= byNumber.length) {
                byNumber = Arrays.copyOf(byNumber, Math.min(NUMBER_LIMIT, Math.max(n + 1, 2 * byNumber.length)));
            }
            byNumber[n] = denseIndex + 1;
        }

        /** The index of a raw id already added, or -1. */
        public int indexOf(String rawId) {
            return lookUp(byNumber, rawId, index);
        }

        /** Number of ids added so far. */
        public int size() {
            return raw.size();
        }

        /** The finished, immutable map. */
        public IdMap build() {
            return new IdMap(Collections.unmodifiableList(new ArrayList<>(raw)), Map.copyOf(index), byNumber.clone());
        }
    }

    /** Index of a raw id: through {@code byNumber} when it is a plain number below the limit, else hashed. */
    private static int lookUp(int[] byNumber, String rawId, Map<String, Integer> index) {
        int n = numberOf(rawId);
        if (n >= 0) {
            return lookUpNumber(byNumber, n, index);
        }
        Integer i = index.get(rawId);
        return i == null ? -1 : i;
    }

    /** Index through {@code byNumber} (which holds index + 1, or 0) below the limit, else through the text. */
    private static int lookUpNumber(int[] byNumber, long number, Map<String, Integer> index) {
        if (number < NUMBER_LIMIT) {
            return number < byNumber.length ? byNumber[(int) number] - 1 : -1;
        }
        Integer i = index.get(Long.toString(number));
        return i == null ? -1 : i;
    }

    /**
     * The value of an id that is a plain decimal number below 2,097,152 (no sign, space or leading
     * zero), else -1: where it is not -1, {@link #indexOfNumber} of it equals {@link #indexOf} of the id.
     */
    public static int numberOf(CharSequence id) {
        if (id.isEmpty() || id.length() > 7 || (id.length() > 1 && id.charAt(0) == '0')) {
            return -1;
        }
        int n = 0;
        for (int k = 0; k < id.length(); k++) {
            char c = id.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n < NUMBER_LIMIT ? n : -1;
    }
}
