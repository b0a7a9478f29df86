package dev.thaw.data.io;

import dev.thaw.data.FeatureTable.FeatureField;
import dev.thaw.data.FeatureTable.Kind;
import dev.thaw.data.RecDataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads MovieLens-100K: {@code u.data} (tab-separated {@code user item rating timestamp}),
 * {@code u.user} ({@code |}-separated; numeric {@code age}, categorical {@code gender},
 * {@code occupation}, {@code zip}) and {@code u.item} ({@code |}-separated, latin-1; titles,
 * numeric {@code year} from the release date or else the title, and multi-valued {@code genres}
 * from the 0/1 genre flags, named by {@code u.genre}). Users and items follow file order.
 */
public final class MovieLens100K {
    static final LineFormat DATA = LineFormat.of("\t", "user id", "item id", "rating", "timestamp");
    static final LineFormat USER = LineFormat.of("|", "user id", "age", "gender", "occupation", "zip code");
    static final LineFormat GENRE = LineFormat.of("|", "genre", "index");
    private static final List<String> ITEM_COLUMNS = List.of("movie id", "movie title", "release date",
            "video release date", "IMDb URL");
    private static final List<FeatureField> USER_FIELDS = List.of(new FeatureField("age", Kind.NUMERIC),
            new FeatureField("gender", Kind.CATEGORICAL), new FeatureField("occupation", Kind.CATEGORICAL),
            new FeatureField("zip", Kind.CATEGORICAL));
    private static final List<FeatureField> ITEM_FIELDS = List.of(new FeatureField("year", Kind.NUMERIC),
            new FeatureField("genres", Kind.MULTI));

    private MovieLens100K() {
    }

    /** The four inputs. */
    public record Files(Path ratings, Path users, Path items, Path genres) {
        /** {@code u.data}, {@code u.user}, {@code u.item}, {@code u.genre} in a folder (each optionally .gz). */
        public static Files in(Path dir) {
            return new Files(DataFiles.require(dir, "u.data"), DataFiles.require(dir, "u.user"),
                    DataFiles.require(dir, "u.item"), DataFiles.require(dir, "u.genre"));
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
        List<String> genreNames = readGenres(files.genres(), report, provenance);
        List<String> titles = new ArrayList<>();
        EntityTableBuilder items = readItems(files.items(), genreNames, titles, report, provenance);
        LogBuilder log = new LogBuilder();
        try (TextLines lines = TextLines.open(files.ratings(), StandardCharsets.UTF_8)) {
            lines.forEachRow(report, () -> {
                Fields f = DATA.split(lines);
                int u = f.knownId(0, users.ids(), Problem.UNKNOWN_USER);
                int i = f.knownId(1, items.ids(), Problem.UNKNOWN_ITEM);
                log.add(lines, u, i, (float) f.number(2, 1, 5), f.epochSeconds(3));
            });
            provenance.add(MovieLens1M.describe(files.ratings(), lines));
        }
        RecDataset dataset = new RecDataset("movielens-100k", log.build(users.ids().build(), items.ids().build()),
                java.util.Optional.of(users.table(USER_FIELDS)), java.util.Optional.of(items.table(ITEM_FIELDS)),
                java.util.Optional.of(titles), String.join("; ", provenance));
        return new ReadResult<>(dataset, report.build());
    }

    private static EntityTableBuilder readUsers(Path path, ReadReport.Builder report, List<String> provenance) {
        EntityTableBuilder users = new EntityTableBuilder();
        try (TextLines lines = TextLines.open(path, StandardCharsets.UTF_8)) {
            lines.forEachRow(report, () -> {
                Fields f = USER.split(lines);
                users.add(lines, f.text(0), Map.of("age", f.number(1, 0, 150), "gender", f.text(2),
                        "occupation", f.text(3), "zip", f.text(4)));
            });
            provenance.add(MovieLens1M.describe(path, lines));
        }
        return users;
    }

    /** Genre names by their index in u.genre. */
    private static List<String> readGenres(Path path, ReadReport.Builder report, List<String> provenance) {
        List<String> names = new ArrayList<>();
        try (TextLines lines = TextLines.open(path, StandardCharsets.UTF_8)) {
            lines.forEachRow(report, () -> {
                Fields f = GENRE.split(lines);
                int index = f.integer(1);
                if (index != names.size()) {
                    throw f.error(Problem.OUT_OF_RANGE, "genre index " + index + " out of order; expected " + names.size());
                }
                names.add(f.text(0));
            });
            provenance.add(MovieLens1M.describe(path, lines));
        }
        return names;
    }

    private static EntityTableBuilder readItems(Path path, List<String> genreNames, List<String> titles,
                                                ReadReport.Builder report, List<String> provenance) {
        List<String> columns = new ArrayList<>(ITEM_COLUMNS);
        columns.addAll(genreNames);
        LineFormat format = new LineFormat("|", columns, false);
        EntityTableBuilder items = new EntityTableBuilder();
        try (TextLines lines = TextLines.open(path, StandardCharsets.ISO_8859_1)) {
            lines.forEachRow(report, () -> {
                Fields f = format.split(lines);
                String title = f.raw(1).strip();
                List<String> genres = new ArrayList<>();
                for (int g = 0; g < genreNames.size(); g++) {
                    if (f.number(ITEM_COLUMNS.size() + g, 0, 1) == 1) {
                        genres.add(genreNames.get(g));
                    }
                }
                items.add(lines, f.text(0), Map.of("year", year(f.raw(2), title), "genres", List.copyOf(genres)));
                titles.add(title);
            });
            provenance.add(MovieLens1M.describe(path, lines));
        }
        return items;
    }

    /** The year of a release date like {@code 01-Jan-1995}, else of the title, else NaN. */
    private static double year(String releaseDate, String title) {
        String d = releaseDate.strip();
        if (d.length() == 11 && d.substring(7).chars().allMatch(Character::isDigit)) {
            return Double.parseDouble(d.substring(7));
        }
        return MovieTitles.year(title);
    }
}
