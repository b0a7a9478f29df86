package dev.thaw.data.io;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.FeatureTable.FeatureField;
import dev.thaw.data.FeatureTable.Kind;
import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads MovieLens-1M: {@code users.dat} (gender, age, occupation, zip as categorical user
 * features), {@code movies.dat} (latin-1; titles, {@code year} parsed from the title, multi-valued
 * {@code genres}) and the ratings, either from an original {@code ratings.dat} or from the
 * split layout of {@code shared/data/ml-1m} (all ratings without timestamps, plus files holding the
 * timestamps of a subset; ratings without one get {@link Interactions#NO_TIMESTAMP}).
 *
 * <p>Users follow {@code users.dat} order, items {@code movies.dat} order (all 3,883 movies, rated
 * or not); ratings keep file order.
 */
public final class MovieLens1M {
    static final LineFormat USERS = LineFormat.of("::", "UserID", "Gender", "Age", "Occupation", "Zip");
    static final LineFormat MOVIES = LineFormat.of("::", "MovieID", "Title", "Genres");
    static final LineFormat RATINGS = LineFormat.of("::", "UserID", "MovieID", "Rating", "Timestamp");
    static final LineFormat RATINGS_NO_TIME = LineFormat.of("::", "UserID", "MovieID", "Rating");

    /** ML-1M's 1,000,209 ratings, rounded up: the log is sized for them up front. */
    private static final int EXPECTED_RATINGS = 1 << 20;
    private static final List<FeatureField> USER_FIELDS = List.of(
            new FeatureField("gender", Kind.CATEGORICAL), new FeatureField("age", Kind.CATEGORICAL),
            new FeatureField("occupation", Kind.CATEGORICAL), new FeatureField("zip", Kind.CATEGORICAL));
    private static final List<FeatureField> ITEM_FIELDS = List.of(
            new FeatureField("year", Kind.NUMERIC), new FeatureField("genres", Kind.MULTI));

    private MovieLens1M() {
    }

    /** Where the ratings come from. */
    public sealed interface Ratings permits OriginalRatings, SplitRatings {
    }

    /** The original {@code UserID::MovieID::Rating::Timestamp} file. */
    public record OriginalRatings(Path ratingsDat) implements Ratings {
    }

    /**
     * All ratings as {@code UserID::MovieID::Rating}, plus files of
     * {@code UserID::MovieID::Rating::Timestamp} rows that supply timestamps for some of them. Every
     * timestamped row must match a rating of the full file with the same value.
     */
    public record SplitRatings(Path allRatings, List<Path> timestampedParts) implements Ratings {
        public SplitRatings {
            timestampedParts = List.copyOf(timestampedParts);
        }
    }

    /** The three inputs. */
    public record Files(Path users, Path movies, Ratings ratings) {
        /**
         * The files of a folder: {@code ratings.dat} when present, else
         * {@code ratings.no_timestamp.dat} with whichever of {@code ratings.users_0001-2999.dat} and
         * {@code partial/ratings.users_3000-6040.timestamped_subset.dat} exist (each optionally .gz).
         */
        public static Files in(Path dir) {
            Path users = DataFiles.require(dir, "users.dat");
            Path movies = DataFiles.require(dir, "movies.dat");
            Optional<Path> original = DataFiles.find(dir, "ratings.dat");
            if (original.isPresent()) {
                return new Files(users, movies, new OriginalRatings(original.get()));
            }
            Path all = DataFiles.require(dir, "ratings.dat", "ratings.no_timestamp.dat");
            List<Path> parts = new ArrayList<>();
            DataFiles.find(dir, "ratings.users_0001-2999.dat").ifPresent(parts::add);
            DataFiles.find(dir.resolve("partial"), "ratings.users_3000-6040.timestamped_subset.dat")
                    .ifPresent(parts::add);
            return new Files(users, movies, new SplitRatings(all, parts));
        }
    }

    /** Reads the dataset in a folder strictly. */
    public static RecDataset read(Path dir) {
        return read(Files.in(dir), Leniency.STRICT).value();
    }

    /** Reads the dataset from the given files. */
    public static ReadResult<RecDataset> read(Files files, Leniency leniency) {
        ReadReport.Builder report = new ReadReport.Builder(leniency);
        List<String> provenance = new ArrayList<>();
        EntityTableBuilder users = readUsers(files.users(), report, provenance);
        EntityTableBuilder movies = new EntityTableBuilder();
        List<String> titles = new ArrayList<>();
        readMovies(files.movies(), movies, titles, report, provenance);
        LogBuilder log = new LogBuilder(EXPECTED_RATINGS);
        switch (files.ratings()) {
            case OriginalRatings o -> readOriginal(o.ratingsDat(), users.ids(), movies.ids(), log, report, provenance);
            case SplitRatings s -> SplitRatingsJoin.read(s, users.ids(), movies.ids(), log, report, provenance);
        }
        Interactions interactions = log.build(users.ids().build(), movies.ids().build());
        RecDataset dataset = new RecDataset("movielens-1m", interactions, Optional.of(users.table(USER_FIELDS)),
                Optional.of(movies.table(ITEM_FIELDS)), Optional.of(titles), String.join("; ", provenance));
        return new ReadResult<>(dataset, report.build());
    }

    static EntityTableBuilder readUsers(Path path, ReadReport.Builder report, List<String> provenance) {
        EntityTableBuilder users = new EntityTableBuilder();
        try (TextLines lines = TextLines.open(path, StandardCharsets.UTF_8)) {
            lines.forEachRow(report, () -> {
                Fields f = USERS.split(lines);
                String gender = f.text(1);
                if (!gender.equals("M") && !gender.equals("F")) {
                    throw f.error(Problem.OUT_OF_RANGE, "column 2 (Gender) " + Fields.quote(gender) + " is not M or F");
                }
                f.integer(2);
                f.integer(3);
                users.add(lines, f.text(0), Map.of("gender", gender, "age", f.text(2),
                        "occupation", f.text(3), "zip", f.text(4)));
            });
            provenance.add(describe(path, lines));
        }
        return users;
    }

    private static void readMovies(Path path, EntityTableBuilder movies, List<String> titles,
                                   ReadReport.Builder report, List<String> provenance) {
        try (TextLines lines = TextLines.open(path, StandardCharsets.ISO_8859_1)) {
            lines.forEachRow(report, () -> {
                Fields f = MOVIES.split(lines);
                f.integer(0);
                String title = f.text(1);
                List<String> genres = LineFormat.splitPlain(f.text(2), "|");
                movies.add(lines, f.text(0), Map.of("year", MovieTitles.year(title), "genres", genres));
                titles.add(title);
            });
            provenance.add(describe(path, lines));
        }
    }

    private static void readOriginal(Path path, IdMap.Builder users, IdMap.Builder movies, LogBuilder log,
                                     ReadReport.Builder report, List<String> provenance) {
        try (TextLines lines = TextLines.open(path, StandardCharsets.UTF_8)) {
            RatingLine row = new RatingLine(RATINGS, users, movies);
            lines.forEachRow(report, () -> {
                row.parse(lines);
                log.add(lines, row.user, row.movie, row.rating, row.time);
            });
            provenance.add(describe(path, lines));
        }
    }

    /** {@code name (sha256 hex)} of a file that has been read to its end. */
    static String describe(Path path, TextLines lines) {
        return path.getFileName() + " (sha256 " + lines.sha256() + ")";
    }
}
