package dev.thaw.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/** Printing results: one JSON object on stdout, and an aligned key/value table for people. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    /** Prints a value as indented JSON on stdout. */
    static void json(Object value) {
        try {
            System.out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write result as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A benchmark result: the table on stderr unless {@code jsonOnly}, then the JSON on stdout. */
    static void report(Map<String, ?> result, boolean jsonOnly) {
        if (!jsonOnly) {
            table(result);
        }
        json(result);
    }

    /** Prints a flat map as a two-column table on stderr (so stdout stays pure JSON). */
    static void table(Map<String, ?> rows) {
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, ?> e : rows.entrySet()) {
            System.err.printf("%-" + width + "s  %s%n", e.getKey(), e.getValue());
        }
    }
}
