package dev.thaw.data.io;

import java.util.ArrayList;
import java.util.List;

/**
 * A separator plus the expected column names of a delimited text format without quoting, e.g.
 * {@code UserID::MovieID::Rating}. Splits lines into {@link Fields}, failing with a message that
 * shows the expected layout (and guesses the separator actually used) when the count is wrong.
 */
record LineFormat(String separator, List<String> columns) {
    private static final List<String> COMMON_SEPARATORS = List.of("::", "\t", ",", ";", "|");

    LineFormat {
        columns = List.copyOf(columns);
    }

    static LineFormat of(String separator, String... columns) {
        return new LineFormat(separator, List.of(columns));
    }

    /** The fields of a line, or a {@link Problem#WRONG_FIELD_COUNT} error. */
    Fields split(TextLines source, String line) {
        List<String> values = splitPlain(line, separator);
        if (values.size() != columns.size()) {
            throw source.error(Problem.WRONG_FIELD_COUNT, "expected " + columns.size() + " fields "
                    + layout() + ", found " + values.size() + separatorHint(line, values.size()));
        }
        return new Fields(source, this, values);
    }

    /** The expected layout, e.g. {@code 'UserID::MovieID::Rating' (separator '::')}. */
    String layout() {
        return "'" + String.join(separator, columns) + "' (separator " + Fields.show(separator) + ")";
    }

    private String separatorHint(String line, int found) {
        if (found != 1) {
            return "";
        }
        for (String other : COMMON_SEPARATORS) {
            if (!other.equals(separator) && line.contains(other)) {
                return "; the line looks " + Fields.show(other) + "-separated";
            }
        }
        return "";
    }

    /** Splits on every occurrence of a literal separator (no quoting). */
    static List<String> splitPlain(String line, String separator) {
        List<String> out = new ArrayList<>(8);
        int from = 0;
        for (int at; (at = line.indexOf(separator, from)) >= 0; from = at + separator.length()) {
            out.add(line.substring(from, at));
        }
        out.add(line.substring(from));
        return out;
    }
}
