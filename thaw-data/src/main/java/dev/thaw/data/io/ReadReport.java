package dev.thaw.data.io;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a read kept and what it skipped. Under {@link Leniency#STRICT} nothing is ever skipped.
 *
 * @param rowsKept      data rows accepted, summed over every file the read touched
 * @param skipped       number of skipped rows per problem
 * @param firstExamples for each problem, the full message of the first row skipped for it
 */
public record ReadReport(long rowsKept, Map<Problem, Long> skipped, Map<Problem, String> firstExamples) {
    public ReadReport {
        skipped = Map.copyOf(skipped);
        firstExamples = Map.copyOf(firstExamples);
    }

    /** Total number of skipped rows. */
    public long totalSkipped() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Skipped rows for one problem (0 when none). */
    public long skipped(Problem problem) {
        return skipped.getOrDefault(problem, 0L);
    }

    /** One line, e.g. {@code kept 98 rows; skipped 2 (1 duplicate (user, item) row, 1 not a number)}. */
    public String summary() {
        if (skipped.isEmpty()) {
            return "kept " + rowsKept + " rows; skipped none";
        }
        String parts = new EnumMap<>(skipped).entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().description())
                .collect(Collectors.joining(", "));
        return "kept " + rowsKept + " rows; skipped " + totalSkipped() + " (" + parts + ")";
    }

    /** Collects a report while reading. Not thread-safe. */
    static final class Builder {
        private final Leniency leniency;
        private long rowsKept;
        private final Map<Problem, Long> skipped = new EnumMap<>(Problem.class);
        private final Map<Problem, String> firstExamples = new EnumMap<>(Problem.class);

        Builder(Leniency leniency) {
            this.leniency = leniency;
        }

        void kept() {
            rowsKept++;
        }

        /** Counts a bad row when lenient and the problem is skippable; otherwise rethrows it. */
        void skipOrThrow(DataFormatException e) {
            if (leniency == Leniency.STRICT || !e.problem().skippable()) {
                throw e;
            }
            skipped.merge(e.problem(), 1L, Long::sum);
            firstExamples.putIfAbsent(e.problem(), e.getMessage());
        }

        /** Like {@link #skipOrThrow} for a row that was already counted as kept. */
        void retract(DataFormatException e) {
            skipOrThrow(e);
            rowsKept--;
        }

        ReadReport build() {
            return new ReadReport(rowsKept, skipped, firstExamples);
        }
    }
}
