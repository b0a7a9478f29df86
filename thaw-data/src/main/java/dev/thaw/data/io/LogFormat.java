package dev.thaw.data.io;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Optional;

/**
 * How to read a user's interaction log: a delimited text file with a header row (CSV quoting
 * allowed), and which columns hold the user, the item, optionally a value (a rating or a 0/1
 * implicit flag; without one every row is an implicit positive, 1) and optionally a timestamp
 * (epoch seconds or ISO-8601; an empty cell means no timestamp).
 *
 * <pre>{@code LogFormat.csv("userId", "movieId").withRating("rating", 0.5, 5).withTimestamp("when")}</pre>
 *
 * @param delimiter       the column delimiter, e.g. ',' or '\t'
 * @param userColumn      header name of the user id column
 * @param itemColumn      header name of the item id column
 * @param valueColumn     header name of the rating or implicit-flag column, if any
 * @param minValue        smallest valid value (inclusive)
 * @param maxValue        largest valid value (inclusive)
 * @param timestampColumn header name of the timestamp column, if any
 * @param charset         the file's encoding
 */
public record LogFormat(char delimiter, String userColumn, String itemColumn, Optional<String> valueColumn,
                        double minValue, double maxValue, Optional<String> timestampColumn, Charset charset) {
    /** Comma-separated, UTF-8, implicit feedback, no timestamp. */
    public static LogFormat csv(String userColumn, String itemColumn) {
        return new LogFormat(',', userColumn, itemColumn, Optional.empty(), 1, 1, Optional.empty(),
                StandardCharsets.UTF_8);
    }

    /** Tab-separated, UTF-8, implicit feedback, no timestamp. */
    public static LogFormat tsv(String userColumn, String itemColumn) {
        return csv(userColumn, itemColumn).withDelimiter('\t');
    }

    /** The same with another delimiter. */
    public LogFormat withDelimiter(char newDelimiter) {
        return new LogFormat(newDelimiter, userColumn, itemColumn, valueColumn, minValue, maxValue, timestampColumn,
                charset);
    }

    /** The same with explicit ratings in {@code column}, valid within [min, max]. */
    public LogFormat withRating(String column, double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("rating range [" + min + ", " + max + "] is empty");
        }
        return new LogFormat(delimiter, userColumn, itemColumn, Optional.of(column), min, max, timestampColumn,
                charset);
    }

    /** The same with a 0/1 implicit-feedback flag in {@code column} (rows with 0 are kept as value 0). */
    public LogFormat withImplicitFlag(String column) {
        return withRating(column, 0, 1);
    }

    /** The same with timestamps in {@code column}. */
    public LogFormat withTimestamp(String column) {
        return new LogFormat(delimiter, userColumn, itemColumn, valueColumn, minValue, maxValue, Optional.of(column),
                charset);
    }

    /** The same in another encoding, by name; an unknown name is an error naming it. */
    public LogFormat withCharset(String charsetName) {
        return new LogFormat(delimiter, userColumn, itemColumn, valueColumn, minValue, maxValue, timestampColumn,
                charsetNamed(charsetName));
    }

    /** The charset of a name, or an {@link IllegalArgumentException} saying the encoding is unknown. */
    static Charset charsetNamed(String name) {
        try {
            return Charset.forName(name);
        } catch (UnsupportedCharsetException | IllegalCharsetNameException e) {
            throw new IllegalArgumentException("unknown encoding '" + name + "'; use e.g. UTF-8 or ISO-8859-1");
        }
    }
}
