package dev.thaw.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.RecDataset;
import dev.thaw.data.io.FeatureFormat.Column;
import dev.thaw.data.io.InteractionLogReader.FeatureFile;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus in {@code src/test/resources/bad/}: every file fails strictly with a one-line
 * message naming the file, the line and the problem; under lenient reading, skippable problems are
 * counted exactly and the good rows kept.
 */
class BadInputTest {
    private static final Path DIR = resource("bad");
    private static final Path GOOD = DIR.resolve("good");
    private static final LogFormat CSV = LogFormat.csv("user", "item").withRating("rating", 1, 5)
            .withTimestamp("timestamp");
    private static final int FATAL = -1;
    private static final long ANY_LINE = -1;

    /** How a corpus file is read. */
    enum Reader {
        CSV_LOG((p, l) -> InteractionLogReader.read(p, CSV, Optional.empty(), Optional.empty(), l)),
        ML100K_RATINGS((p, l) -> MovieLens100K.read(new MovieLens100K.Files(p, GOOD.resolve("u.user"),
                GOOD.resolve("u.item"), GOOD.resolve("u.genre")), l)),
        ML100K_ITEMS((p, l) -> MovieLens100K.read(new MovieLens100K.Files(GOOD.resolve("u.data"),
                GOOD.resolve("u.user"), p, GOOD.resolve("u.genre")), l)),
        ML1M_TIMESTAMP_PART((p, l) -> MovieLens1M.read(new MovieLens1M.Files(GOOD.resolve("users.dat"),
                GOOD.resolve("movies.dat"), new MovieLens1M.SplitRatings(GOOD.resolve("ratings.no_timestamp.dat"),
                List.of(p))), l)),
        USER_FEATURES((p, l) -> InteractionLogReader.read(GOOD.resolve("log.csv"), CSV,
                Optional.of(new FeatureFile(p, FeatureFormat.csv("id", Column.numeric("age"),
                        Column.multi("genres", "|")))), Optional.empty(), l));

        private final BiFunction<Path, Leniency, ReadResult<RecDataset>> read;

        Reader(BiFunction<Path, Leniency, ReadResult<RecDataset>> read) {
            this.read = read;
        }
    }

    /**
     * One corpus file and what reading it must say.
     *
     * @param skippedWhenLenient rows a lenient read skips, or FATAL when even a lenient read fails
     * @param rowsWhenLenient    interactions left after a lenient read
     */
    record Case(String file, Reader reader, Problem problem, long line, String says, int skippedWhenLenient,
                int rowsWhenLenient) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Case> corpus() {
        return Stream.of(
                new Case("missing_field.csv", Reader.CSV_LOG, Problem.WRONG_FIELD_COUNT, 3,
                        "expected 4 fields 'user,item,rating,timestamp' (separator ','), found 3", 1, 2),
                new Case("extra_field.csv", Reader.CSV_LOG, Problem.WRONG_FIELD_COUNT, 4, "found 5", 1, 2),
                new Case("wrong_separator.csv", Reader.CSV_LOG, Problem.BAD_HEADER, 1,
                        "the header has one column but looks ';'-separated; expected ','", FATAL, 0),
                new Case("wrong_separator_row.csv", Reader.CSV_LOG, Problem.WRONG_FIELD_COUNT, 3,
                        "found 1; the line looks ';'-separated", 1, 2),
                new Case("non_numeric_rating.csv", Reader.CSV_LOG, Problem.NOT_A_NUMBER, 3,
                        "column 3 (rating) 'five' is not a number", 1, 2),
                new Case("rating_above_range.csv", Reader.CSV_LOG, Problem.OUT_OF_RANGE, 3,
                        "column 3 (rating) 7 is outside [1, 5]", 1, 2),
                new Case("rating_below_range.csv", Reader.CSV_LOG, Problem.OUT_OF_RANGE, 4,
                        "column 3 (rating) -1 is outside [1, 5]", 2, 2),
                new Case("nan_rating.csv", Reader.CSV_LOG, Problem.NAN, 3,
                        "column 3 (rating) is NaN; expected a finite number", 1, 2),
                new Case("infinite_rating.csv", Reader.CSV_LOG, Problem.NAN, 3, "column 3 (rating) is Infinity", 1, 2),
                new Case("duplicate_pair.csv", Reader.CSV_LOG, Problem.DUPLICATE_PAIR, 5,
                        "duplicate (user, item) row; the same pair is on line 2", 1, 3),
                new Case("empty.csv", Reader.CSV_LOG, Problem.EMPTY_FILE, 0, "the file is empty", FATAL, 0),
                new Case("header_only.csv", Reader.CSV_LOG, Problem.EMPTY_FILE, 0,
                        "the file has no data rows in its 1 line(s)", FATAL, 0),
                new Case("blank_lines_only.csv", Reader.CSV_LOG, Problem.EMPTY_FILE, 0,
                        "the file has no data rows in its 4 line(s)", FATAL, 0),
                new Case("header_missing_rating.csv", Reader.CSV_LOG, Problem.BAD_HEADER, 1,
                        "no column 'rating' in the header; found user, item, score, timestamp", FATAL, 0),
                new Case("duplicate_header.csv", Reader.CSV_LOG, Problem.BAD_HEADER, 1,
                        "the header names column 'user' twice", FATAL, 0),
                new Case("bad_timestamp.csv", Reader.CSV_LOG, Problem.BAD_TIMESTAMP, 3,
                        "column 4 (timestamp) 'yesterday' is neither epoch seconds nor an ISO-8601 date/time", 1, 2),
                new Case("empty_user.csv", Reader.CSV_LOG, Problem.EMPTY_FIELD, 3, "column 1 (user) is empty", 1, 2),
                new Case("invalid_utf8.csv", Reader.CSV_LOG, Problem.INVALID_ENCODING, 3,
                        "invalid UTF-8: byte 0xE9 at byte column 7", 1, 2),
                new Case("utf16.csv", Reader.CSV_LOG, Problem.INVALID_ENCODING, 0,
                        "the file starts with a UTF-16 byte-order mark (0xFF 0xFE); expected UTF-8 text", FATAL, 0),
                new Case("truncated.csv.gz", Reader.CSV_LOG, Problem.CORRUPT_FILE, ANY_LINE,
                        "the data ends abruptly or is corrupt (Unexpected end of ZLIB input stream); is the gzip"
                                + " file truncated?", FATAL, 0),
                new Case("unbalanced_quote.csv", Reader.CSV_LOG, Problem.MALFORMED_QUOTING, 3,
                        "a quoted field is not closed before the end of the line", 1, 2),
                new Case("ml100k_missing_field.data", Reader.ML100K_RATINGS, Problem.WRONG_FIELD_COUNT, 2,
                        "expected 4 fields 'user id<TAB>item id<TAB>rating<TAB>timestamp' (separator TAB), found 3",
                        1, 2),
                new Case("ml100k_comma_separated.data", Reader.ML100K_RATINGS, Problem.WRONG_FIELD_COUNT, 2,
                        "found 1; the line looks ','-separated", 1, 1),
                new Case("ml100k_unknown_item.data", Reader.ML100K_RATINGS, Problem.UNKNOWN_ITEM, 2,
                        "column 2 (item id) '99' is not defined", 2, 2),
                new Case("ml100k_bad_genre_flag.item", Reader.ML100K_ITEMS, Problem.OUT_OF_RANGE, 2,
                        "column 7 (Action) 2 is outside [0, 1]", 1, 2),
                new Case("ml1m_timestamp_conflict.dat", Reader.ML1M_TIMESTAMP_PART, Problem.CONFLICT, 2,
                        "rating 4 disagrees with rating 3 for the same (user, movie) at ", 1, 3),
                new Case("ml1m_timestamp_unmatched.dat", Reader.ML1M_TIMESTAMP_PART, Problem.CONFLICT, 2,
                        "this timestamped rating has no rating in ", 1, 3),
                new Case("features_non_numeric.csv", Reader.USER_FEATURES, Problem.NOT_A_NUMBER, 3,
                        "column 2 (age) 'old' is not a number", 1, 3),
                new Case("features_duplicate_id.csv", Reader.USER_FEATURES, Problem.DUPLICATE_ID, 4,
                        "id 'u1' was already defined on line 2", 1, 3));
    }

    @Test
    void everyCorpusFileIsCovered() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> onDisk = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(onDisk, corpus().map(Case::file).sorted().toList());
            assertTrue(onDisk.size() >= 20);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void strictReadNamesFileLineAndProblem(Case c) {
        Path file = DIR.resolve(c.file());
        DataFormatException e = assertThrows(DataFormatException.class, () -> c.reader().read.apply(file, Leniency.STRICT));
        assertEquals(c.problem(), e.problem());
        assertEquals(file.toString(), e.file());
        if (c.line() == ANY_LINE) {
            assertTrue(e.line() > 1, "line " + e.line());
        } else {
            assertEquals(c.line(), e.line());
        }
        String where = file + (e.line() > 0 ? ":" + e.line() : "") + ": ";
        assertTrue(e.getMessage().startsWith(where) && e.getMessage().contains(c.says()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void lenientReadCountsSkippedRowsOrStillFails(Case c) {
        Path file = DIR.resolve(c.file());
        if (c.skippedWhenLenient() == FATAL) {
            DataFormatException e = assertThrows(DataFormatException.class,
                    () -> c.reader().read.apply(file, Leniency.LENIENT));
            assertEquals(c.problem(), e.problem());
            return;
        }
        ReadResult<RecDataset> r = c.reader().read.apply(file, Leniency.LENIENT);
        assertEquals(c.skippedWhenLenient(), r.report().skipped(c.problem()));
        assertEquals(c.skippedWhenLenient(), r.report().totalSkipped());
        assertEquals(c.rowsWhenLenient(), r.value().interactions().size());
        assertTrue(r.report().firstExamples().get(c.problem()).contains(c.says()));
        assertTrue(r.report().summary().contains("skipped " + c.skippedWhenLenient() + " ("), r.report().summary());
    }

    private static Path resource(String name) {
        try {
            return Path.of(BadInputTest.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
