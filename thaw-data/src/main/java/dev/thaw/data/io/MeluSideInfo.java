package dev.thaw.data.io;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.FeatureTable.FeatureField;
import dev.thaw.data.FeatureTable.Kind;
import dev.thaw.data.IdMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MeLU's item side information for MovieLens-1M ({@code movies_extrainfos.dat}, UTF-8, CRLF):
 * {@code movie_id::title::year::rate::released::genre::director::writer::actors::plot::poster}.
 * Yields the four fields MeLU embeds: {@code rate} (MPAA certificate, categorical) and the
 * comma-plus-space lists {@code genre}, {@code director}, {@code actor} (multi-valued).
 *
 * <p>As in MeLU: a parenthesised note in a director name is removed ({@code "Gary Goldman(co-director)"}
 * becomes {@code "Gary Goldman"}); {@code N/A} is a missing value (MeLU's pandas reads it as NaN);
 * and the duplicate movies 860 and 1795, absent from the file, get the rows of 811 and 1741
 * ({@link #DUPLICATE_MOVIES}). A missing certificate is an absent key; a missing list is empty.
 */
public final class MeluSideInfo {
    /** Movies that MeLU treats as copies of another: duplicate id to the id whose information it uses. */
    public static final Map<String, String> DUPLICATE_MOVIES = Map.of("860", "811", "1795", "1741");

    /** The fields of the item feature table, in order. */
    public static final List<FeatureField> FIELDS = List.of(new FeatureField("rate", Kind.CATEGORICAL),
            new FeatureField("genre", Kind.MULTI), new FeatureField("director", Kind.MULTI),
            new FeatureField("actor", Kind.MULTI));

    static final LineFormat FORMAT = LineFormat.of("::", "movie_id", "title", "year", "rate", "released",
            "genre", "director", "writer", "actors", "plot", "poster");
    private static final String MISSING = "N/A";
    private static final Pattern PARENTHESISED = Pattern.compile("\\([^()]*\\)");

    private MeluSideInfo() {
    }

    /** Reads the item features strictly, one row per item of {@code items}. */
    public static FeatureTable readItemFeatures(Path extraInfos, IdMap items) {
        return readItemFeatures(extraInfos, items, Leniency.STRICT).value();
    }

    /**
     * Reads the item features, one row per item of {@code items} (rows of items absent from the file
     * hold missing values). A movie id not in {@code items} is an {@link Problem#UNKNOWN_ITEM}.
     */
    public static ReadResult<FeatureTable> readItemFeatures(Path extraInfos, IdMap items, Leniency leniency) {
        ReadReport.Builder report = new ReadReport.Builder(leniency);
        List<Map<String, Object>> rows = new ArrayList<>(java.util.Collections.nCopies(items.size(), null));
        int[] definedOnLine = new int[items.size()];
        try (TextLines lines = TextLines.open(extraInfos, StandardCharsets.UTF_8)) {
            lines.forEachRow(report, () -> {
                Fields f = FORMAT.split(lines);
                String id = f.text(0);
                int index = items.indexOf(id);
                if (index < 0) {
                    throw f.error(Problem.UNKNOWN_ITEM, "movie_id '" + id + "' is not a known item");
                }
                if (rows.get(index) != null) {
                    throw f.error(Problem.DUPLICATE_ID, "movie_id '" + id + "' was already defined on line "
                            + definedOnLine[index]);
                }
                rows.set(index, row(f));
                definedOnLine[index] = (int) lines.lineNumber();
            });
        }
        DUPLICATE_MOVIES.forEach((copy, original) -> {
            int c = items.indexOf(copy);
            int o = items.indexOf(original);
            if (c >= 0 && o >= 0 && rows.get(c) == null) {
                rows.set(c, rows.get(o));
            }
        });
        rows.replaceAll(r -> r == null ? missingRow() : r);
        return new ReadResult<>(new FeatureTable(FIELDS, rows), report.build());
    }

    /** One of MeLU's vocabulary lists ({@code m_*.txt}): one entry per line, trimmed, as MeLU loads it. */
    public static List<String> readVocabulary(Path file) {
        List<String> entries = new ArrayList<>();
        try (TextLines lines = TextLines.open(file, StandardCharsets.UTF_8)) {
            for (String line; (line = lines.next()) != null; ) {
                entries.add(line.strip());
            }
        }
        return entries;
    }

    private static Map<String, Object> row(Fields f) {
        Map<String, Object> row = new HashMap<>();
        String rate = f.raw(3).strip();
        if (!rate.isEmpty() && !rate.equals(MISSING)) {
            row.put("rate", rate);
        }
        row.put("genre", list(f.raw(5), false));
        row.put("director", list(f.raw(6), true));
        row.put("actor", list(f.raw(8), false));
        return Map.copyOf(row);
    }

    private static List<String> list(String field, boolean dropNotes) {
        String v = field.strip();
        if (v.isEmpty() || v.equals(MISSING)) {
            return List.of();
        }
        List<String> values = LineFormat.splitPlain(v, ", ");
        if (dropNotes) {
            values.replaceAll(s -> PARENTHESISED.matcher(s).replaceAll(""));
        }
        return List.copyOf(values);
    }

    private static Map<String, Object> missingRow() {
        return Map.of("genre", List.of(), "director", List.of(), "actor", List.of());
    }
}
