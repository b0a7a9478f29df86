package dev.thaw.data.io;

import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import java.nio.charset.StandardCharsets;

/**
 * Parses MovieLens rating lines ({@code UserID::MovieID::Rating}, optionally {@code ::Timestamp})
 * over known user and movie ids. A line of plain digits is parsed from its bytes and its ids looked
 * up by value; any other line (or one that fails a check) takes the general {@link Fields} path,
 * which yields the same values or the error that names file, line and column.
 */
final class RatingLine {
    private final LineFormat format;
    private final byte[] separator;
    private final IdMap.Builder users;
    private final IdMap.Builder movies;
    private final long[] digits;
    private final boolean timed;

    /** Dense user index of the line last parsed. */
    int user;
    /** Dense movie index of the line last parsed. */
    int movie;
    /** Rating (1 to 5) of the line last parsed. */
    float rating;
    /** Epoch seconds of the line last parsed, or {@link Interactions#NO_TIMESTAMP} without a timestamp column. */
    long time;

    /** A parser for {@code format}, which has 3 columns or 4 with the timestamp last. */
    RatingLine(LineFormat format, IdMap.Builder users, IdMap.Builder movies) {
        this.format = format;
        this.separator = format.separator().getBytes(StandardCharsets.US_ASCII);
        this.users = users;
        this.movies = movies;
        this.digits = new long[format.columns().size()];
        this.timed = digits.length == 4;
    }

    /** Parses the line last read from {@code lines}. */
    void parse(TextLines lines) {
        if (!parseDigits(lines)) {
            parseFields(lines);
        }
    }

    private boolean parseDigits(TextLines lines) {
        if (!lines.digitFields(separator, digits)) {
            return false;
        }
        user = users.indexOfNumber(digits[0]);
        movie = movies.indexOfNumber(digits[1]);
        rating = digits[2];
        time = timed ? digits[3] : Interactions.NO_TIMESTAMP;
        return user >= 0 && movie >= 0 && rating >= 1 && rating <= 5;
    }

    private void parseFields(TextLines lines) {
        Fields f = format.split(lines);
        user = f.knownId(0, users, Problem.UNKNOWN_USER);
        movie = f.knownId(1, movies, Problem.UNKNOWN_ITEM);
        rating = (float) f.number(2, 1, 5);
        time = timed ? f.epochSeconds(3) : Interactions.NO_TIMESTAMP;
    }
}
