package dev.thaw.data.io;

import dev.thaw.data.IdMap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The fields of one line, with typed accessors whose errors name the file, line and column. */
final class Fields {
    private final TextLines source;
    private final LineFormat format;
    private final List<String> values;

    Fields(TextLines source, LineFormat format, List<String> values) {
        this.source = source;
        this.format = format;
        this.values = values;
    }

    /** The raw text of column i (may be empty). */
    String raw(int i) {
        return values.get(i);
    }

    /** The trimmed text of column i, which must not be empty. */
    String text(int i) {
        String v = values.get(i).strip();
        if (v.isEmpty()) {
            throw error(Problem.EMPTY_FIELD, name(i) + " is empty");
        }
        return v;
    }

    /** The dense index of the id in column i, which must already be in {@code ids}. */
    int knownId(int i, IdMap.Builder ids, Problem unknown) {
        String id = text(i);
        int index = ids.indexOf(id);
        if (index < 0) {
            throw error(unknown, name(i) + " " + quote(id) + " is not defined");
        }
        return index;
    }

    /** Column i as an int. */
    int integer(int i) {
        String v = text(i);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw error(Problem.NOT_A_NUMBER, name(i) + " " + quote(v) + " is not a whole number");
        }
    }

    /** Column i as a finite double within [min, max]. */
    double number(int i, double min, double max) {
        String v = text(i);
        double d = smallWholeNumber(v);
        if (d < 0) {
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw error(Problem.NOT_A_NUMBER, name(i) + " " + quote(v) + " is not a number");
            }
        }
        if (!Double.isFinite(d)) {
            throw error(Problem.NAN, name(i) + " is " + v + "; expected a finite number");
        }
        if (d < min || d > max) {
            throw error(Problem.OUT_OF_RANGE, name(i) + " " + v + " is outside " + range(min, max));
        }
        return d;
    }

    /** The value of 1 to 4 decimal digits (the common case of ratings and flags), else -1; avoids parseDouble. */
    private static double smallWholeNumber(String v) {
        if (v.length() > 4) {
            return -1;
        }
        int n = 0;
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Column i as an optional finite double: NaN when the field is empty. */
    double optionalNumber(int i) {
        return values.get(i).isBlank() ? Double.NaN
                : number(i, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * Column i as seconds since the epoch: either a whole number of seconds or an ISO-8601 instant,
     * offset date-time, local date-time (taken as UTC) or date (midnight UTC).
     */
    long epochSeconds(int i) {
        String v = text(i);
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(v);
            }
            return parseIsoSeconds(v);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw error(Problem.BAD_TIMESTAMP, name(i) + " " + quote(v)
                    + " is neither epoch seconds nor an ISO-8601 date/time");
        }
    }

    private static long parseIsoSeconds(String v) {
        if (v.length() <= 10) {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        }
        if (v.endsWith("Z")) {
            return Instant.parse(v).getEpochSecond();
        }
        try {
            return OffsetDateTime.parse(v).toEpochSecond();
        } catch (DateTimeParseException noOffset) {
            return LocalDateTime.parse(v).toEpochSecond(ZoneOffset.UTC);
        }
    }

    /** An error about this line. */
    DataFormatException error(Problem problem, String detail) {
        return source.error(problem, detail);
    }

    private String name(int i) {
        return "column " + (i + 1) + " (" + format.columns().get(i) + ")";
    }

    private static String range(double min, double max) {
        return "[" + plain(min) + ", " + plain(max) + "]";
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** A value in single quotes, shortened when long. */
    static String quote(String v) {
        return "'" + (v.length() > 40 ? v.substring(0, 37) + "..." : v) + "'";
    }

    /** A separator shown readably: tab as {@code TAB}, others quoted. */
    static String show(String separator) {
        return "\t".equals(separator) ? "TAB" : "'" + separator + "'";
    }
}
