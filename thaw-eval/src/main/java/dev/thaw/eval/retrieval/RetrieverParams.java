package dev.thaw.eval.retrieval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model family's hyper-parameters as given on the command line ({@code key=value}), checked
 * against the keys the family declares: an unknown key or an unparsable value fails with one line
 * naming it. What was used, defaults included, is recorded by {@link #used()}.
 */
public final class RetrieverParams {
    private final String family;
    private final Map<String, String> given;
    private final Map<String, Object> used = new LinkedHashMap<>();

    /**
     * @param family  the family's name, for messages
     * @param known   the keys it accepts
     * @param given   the values given (may be empty)
     */
    public RetrieverParams(String family, Set<String> known, Map<String, String> given) {
        for (String key : given.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("model '" + family + "' has no parameter '" + key + "' (known: "
                        + String.join(", ", known) + ")");
            }
        }
        this.family = family;
        this.given = Map.copyOf(given);
    }

    /** An integer parameter. */
    public int integer(String key, int fallback) {
        int value = parse(key, fallback, Integer::parseInt, "an integer");
        used.put(key, value);
        return value;
    }

    /** A real parameter. */
    public double real(String key, double fallback) {
        double value = parse(key, fallback, Double::parseDouble, "a number");
        used.put(key, value);
        return value;
    }

    /** A parameter that must be one of {@code choices}. */
    public String choice(String key, String fallback, java.util.List<String> choices) {
        String value = given.getOrDefault(key, fallback).trim();
        if (!choices.contains(value)) {
            throw new IllegalArgumentException("model '" + family + "' parameter " + key + "=" + value + " is not one of "
                    + String.join(", ", choices));
        }
        used.put(key, value);
        return value;
    }

    /** A true/false parameter. */
    public boolean flag(String key, boolean fallback) {
        boolean value = Boolean.parseBoolean(choice(key, Boolean.toString(fallback), java.util.List.of("true", "false")));
        used.put(key, value);
        return value;
    }

    /** The values used, defaults included, in the order they were read. */
    public Map<String, Object> used() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(used));
    }

    private <T> T parse(String key, T fallback, java.util.function.Function<String, T> parser, String what) {
        String text = given.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return parser.apply(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model '" + family + "' parameter " + key + "=" + text + " is not " + what);
        }
    }
}
