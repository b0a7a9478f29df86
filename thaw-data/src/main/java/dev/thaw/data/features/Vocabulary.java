package dev.thaw.data.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one categorical field seen in training data, each with a dense index from 1;
 * index {@link #OOV} (0) stands for every value not in the vocabulary (unseen in training, too
 * rare, or missing), so encoding never fails and never reveals test-only values.
 */
public final class Vocabulary {
    /** Index of the out-of-vocabulary bucket. */
    public static final int OOV = 0;

    private final String field;
    private final List<String> values;
    private final Map<String, Integer> index;

    /** A vocabulary whose value {@code values.get(i)} has index {@code i + 1}; values must be distinct. */
    @JsonCreator
    public Vocabulary(@JsonProperty("field") String field, @JsonProperty("values") List<String> values) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("a vocabulary needs a field name");
        }
        this.field = field;
        this.values = List.copyOf(values);
        Map<String, Integer> map = new HashMap<>(values.size() * 2);
        for (int i = 0; i < this.values.size(); i++) {
            if (map.put(this.values.get(i), i + 1) != null) {
                throw new IllegalArgumentException("field '" + field + "': duplicate vocabulary value '"
                        + this.values.get(i) + "'");
            }
        }
        this.index = map;
    }

    /**
     * Fits a vocabulary on training values: values seen at least {@code minCount} times, most
     * frequent first (ties in natural string order), so the result does not depend on input order.
     */
    public static Vocabulary fit(String field, Iterable<String> trainingValues, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String value : trainingValues) {
            if (value != null) {
                counts.merge(value, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minCount) {
                kept.add(e);
            }
        }
        kept.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return new Vocabulary(field, kept.stream().map(Map.Entry::getKey).toList());
    }

    /** The field this vocabulary encodes. */
    @JsonProperty("field")
    public String field() {
        return field;
    }

    /** Known values in index order (index = position + 1). */
    @JsonProperty("values")
    public List<String> values() {
        return values;
    }

    /** Number of indices including the out-of-vocabulary one: embedding tables need this many rows. */
    public int size() {
        return values.size() + 1;
    }

    /** The index of a value, or {@link #OOV} when it is unknown or null. */
    public int indexOf(String value) {
        Integer i = value == null ? null : index.get(value);
        return i == null ? OOV : i;
    }

    /** The value at an index; {@code null} for {@link #OOV}. */
    public String value(int i) {
        if (i < 0 || i >= size()) {
            throw new IllegalArgumentException("field '" + field + "': index " + i + " outside 0.." + (size() - 1));
        }
        return i == OOV ? null : values.get(i - 1);
    }
}
