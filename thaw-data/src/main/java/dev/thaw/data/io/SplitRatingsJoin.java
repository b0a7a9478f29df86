package dev.thaw.data.io;

import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Joins timestamps from partial, timestamped rating files onto the full rating file of MovieLens-1M
 * ({@link MovieLens1M.SplitRatings}). A timestamped row whose rating disagrees with the full file,
 * or that has no rating in the full file, is a {@link Problem#CONFLICT}; under lenient reading its
 * timestamp is dropped and counted.
 */
final class SplitRatingsJoin {
    private final PairIndex index = new PairIndex(1 << 20);
    private final List<String> partFile = new ArrayList<>();
    private float[] rating = new float[1 << 16];
    private long[] time = new long[1 << 16];
    private int[] line = new int[1 << 16];
    private byte[] part = new byte[1 << 16];
    private boolean[] matched;
    private int size;

    private SplitRatingsJoin() {
    }

    static void read(MovieLens1M.SplitRatings files, IdMap.Builder users, IdMap.Builder movies, LogBuilder log,
                     ReadReport.Builder report, List<String> provenance) {
        SplitRatingsJoin join = new SplitRatingsJoin();
        for (Path p : files.timestampedParts()) {
            join.readPart(p, users, movies, report, provenance);
        }
        join.matched = new boolean[join.size];
        int[] timestamped = {0};
        Path all = files.allRatings();
        try (TextLines lines = TextLines.open(all, StandardCharsets.UTF_8)) {
            RatingLine row = new RatingLine(MovieLens1M.RATINGS_NO_TIME, users, movies);
            lines.forEachRow(report, () -> {
                row.parse(lines);
                long t = join.timestampOf(row.user, row.movie, row.rating, lines, report);
                log.add(lines, row.user, row.movie, row.rating, t);
                if (t != Interactions.NO_TIMESTAMP) {
                    timestamped[0]++;
                }
            });
            provenance.add(MovieLens1M.describe(all, lines));
        }
        join.reportUnmatched(all, report);
        provenance.add(timestamped[0] + " of " + log.size() + " ratings timestamped");
    }

    private void readPart(Path path, IdMap.Builder users, IdMap.Builder movies, ReadReport.Builder report,
                          List<String> provenance) {
        byte partIndex = (byte) partFile.size();
        partFile.add(path.toString());
        try (TextLines lines = TextLines.open(path, StandardCharsets.UTF_8)) {
            RatingLine row = new RatingLine(MovieLens1M.RATINGS, users, movies);
            lines.forEachRow(report, () -> {
                row.parse(lines);
                int first = index.putIfAbsent(row.user, row.movie, size);
                if (first >= 0) {
                    throw lines.error(Problem.DUPLICATE_PAIR,
                            "duplicate (user, item) row; the same pair is on line " + line[first]);
                }
                append(row.rating, row.time, (int) lines.lineNumber(), partIndex);
            });
            provenance.add(MovieLens1M.describe(path, lines));
        }
    }

    private void append(float r, long t, int lineNumber, byte partIndex) {
        if (size == rating.length) {
            int n = size * 2;
            rating = Arrays.copyOf(rating, n);
            time = Arrays.copyOf(time, n);
            line = Arrays.copyOf(line, n);
            part = Arrays.copyOf(part, n);
        }
        rating[size] = r;
        time[size] = t;
        line[size] = lineNumber;
        part[size] = partIndex;
        size++;
    }

    /** The timestamp for a rating of the full file, or NO_TIMESTAMP. */
    private long timestampOf(int u, int m, float r, TextLines full, ReadReport.Builder report) {
        int k = index.get(u, m);
        if (k < 0) {
            return Interactions.NO_TIMESTAMP;
        }
        matched[k] = true;
        if (rating[k] == r) {
            return time[k];
        }
        report.retract(conflict(k, "rating " + fmt(rating[k]) + " disagrees with rating " + fmt(r) + " for the same"
                + " (user, movie) at " + full.file() + ":" + full.lineNumber()));
        return Interactions.NO_TIMESTAMP;
    }

    private void reportUnmatched(Path all, ReadReport.Builder report) {
        for (int k = 0; k < size; k++) {
            if (!matched[k]) {
                report.retract(conflict(k, "this timestamped rating has no rating in " + all));
            }
        }
    }

    private DataFormatException conflict(int k, String detail) {
        return new DataFormatException(partFile.get(part[k]), line[k], Problem.CONFLICT, detail);
    }

    private static String fmt(float r) {
        return r == Math.rint(r) ? Integer.toString((int) r) : Float.toString(r);
    }
}
