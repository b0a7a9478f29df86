package dev.thaw.data.io;

import java.util.ArrayList;
import java.util.List;

/**
 * A separator plus the expected column names of a delimited text format, e.g.
 * {@code UserID::MovieID::Rating}; optionally with CSV quoting (a field wrapped in double quotes
 * may hold the separator, and {@code ""} inside it is one quote). Splits lines into {@link Fields},
 * failing with a message that shows the expected layout (and guesses the separator actually used)
 * when the count is wrong.
 */
record LineFormat(String separator, List<String> columns, boolean quoted) {
    private static final List<String> COMMON_SEPARATORS = List.of("::", "\t", ",", ";", "|");

    LineFormat {
        columns = List.copyOf(columns);
    }

    static LineFormat of(String separator, String... columns) {
        return new LineFormat(separator, List.of(columns), false);
    }

    /** The fields of the line last read from {@code source}, or a {@link Problem#WRONG_FIELD_COUNT} error. */
    Fields split(TextLines source) {
        String line = source.text();
        List<String> values = quoted ? splitQuoted(source, line, separator.charAt(0)) : splitPlain(line, separator);
        if (values.size() != columns.size()) {
            throw source.error(Problem.WRONG_FIELD_COUNT, "expected " + columns.size() + " fields "
                    + layout() + ", found " + values.size() + separatorHint(line, values.size()));
        }
        return new Fields(source, this, values);
    }

    /** The expected layout, e.g. {@code 'UserID::MovieID::Rating' (separator '::')}. */
    String layout() {
        String shown = "\t".equals(separator) ? "<TAB>" : separator;
        return "'" + String.join(shown, columns) + "' (separator " + Fields.show(separator) + ")";
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

    /** Splits a CSV-quoted line on a one-character delimiter; unbalanced quotes are an error. */
    static List<String> splitQuoted(TextLines source, String line, char delimiter) {
        List<String> out = new ArrayList<>(8);
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inQuotes) {
                if (c != '"') {
                    field.append(c);
                } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    inQuotes = false;
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                inQuotes = true;
                wasQuoted = true;
            } else if (c == delimiter) {
                out.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        if (inQuotes) {
            throw source.error(Problem.MALFORMED_QUOTING, "a quoted field is not closed before the end of the line");
        }
        out.add(field.toString());
        return out;
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
