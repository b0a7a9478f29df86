package dev.thaw.data.io;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.FeatureTable.FeatureField;
import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import dev.thaw.data.RecDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an interaction log a user brings (see {@link LogFormat}) with optional user and item feature
 * tables (see {@link FeatureFormat}). Ids follow first appearance in the log; entities that appear
 * only in a feature table are appended after them (cold users or items, with features but no
 * interactions). Entities without a feature row get missing values.
 */
public final class InteractionLogReader {
    private InteractionLogReader() {
    }

    /** A feature table file and how to read it. */
    public record FeatureFile(Path path, FeatureFormat format) {
    }

    /** Reads a log without side features strictly; the dataset is named after the file. */
    public static RecDataset read(Path log, LogFormat format) {
        return read(log, format, Optional.empty(), Optional.empty(), Leniency.STRICT).value();
    }

    /** Reads a log and optional feature tables. */
    public static ReadResult<RecDataset> read(Path log, LogFormat format, Optional<FeatureFile> userFeatures,
                                              Optional<FeatureFile> itemFeatures, Leniency leniency) {
        ReadReport.Builder report = new ReadReport.Builder(leniency);
        IdMap.Builder users = IdMap.builder();
        IdMap.Builder items = IdMap.builder();
        List<String> provenance = new ArrayList<>();
        LogBuilder rows = readLog(log, format, users, items, report, provenance);
        Optional<List<Map<String, Object>>> userRows = userFeatures.map(f -> readFeatures(f, users, report, provenance));
        Optional<List<Map<String, Object>>> itemRows = itemFeatures.map(f -> readFeatures(f, items, report, provenance));
        IdMap userMap = users.build();
        IdMap itemMap = items.build();
        Interactions interactions = rows.build(userMap, itemMap);
        RecDataset dataset = new RecDataset(log.getFileName().toString(), interactions,
                userFeatures.map(f -> table(f.format(), userRows.orElseThrow(), userMap.size())),
                itemFeatures.map(f -> table(f.format(), itemRows.orElseThrow(), itemMap.size())),
                Optional.empty(), String.join("; ", provenance));
        return new ReadResult<>(dataset, report.build());
    }

    private static LogBuilder readLog(Path path, LogFormat format, IdMap.Builder users, IdMap.Builder items,
                                      ReadReport.Builder report, List<String> provenance) {
        LogBuilder log = new LogBuilder();
        try (TextLines lines = TextLines.open(path, format.charset())) {
            Header header = Header.read(lines, format.delimiter());
            int user = header.column(format.userColumn());
            int item = header.column(format.itemColumn());
            int value = format.valueColumn().map(header::column).orElse(-1);
            int time = format.timestampColumn().map(header::column).orElse(-1);
            lines.forEachRow(report, () -> {
                Fields f = header.format().split(lines);
                String u = f.text(user);
                String i = f.text(item);
                float v = value < 0 ? 1f : (float) f.number(value, format.minValue(), format.maxValue());
                long t = time < 0 || f.raw(time).isBlank() ? Interactions.NO_TIMESTAMP : f.epochSeconds(time);
                log.add(lines, users.add(u), items.add(i), v, t);
            });
            provenance.add(MovieLens1M.describe(path, lines));
        }
        return log;
    }

    /** Feature rows indexed like {@code ids}, which gains the ids seen only here; null where no row was given. */
    private static List<Map<String, Object>> readFeatures(FeatureFile file, IdMap.Builder ids,
                                                          ReadReport.Builder report, List<String> provenance) {
        FeatureFormat format = file.format();
        Map<Integer, Map<String, Object>> byIndex = new HashMap<>();
        Map<Integer, Long> definedOn = new HashMap<>();
        try (TextLines lines = TextLines.open(file.path(), format.charset())) {
            Header header = Header.read(lines, format.delimiter());
            int idColumn = header.column(format.idColumn());
            int[] columns = format.columns().stream().mapToInt(c -> header.column(c.name())).toArray();
            lines.forEachRow(report, () -> {
                Fields f = header.format().split(lines);
                String id = f.text(idColumn);
                int known = ids.indexOf(id);
                if (known >= 0 && definedOn.containsKey(known)) {
                    throw f.error(Problem.DUPLICATE_ID, "id '" + id + "' was already defined on line "
                            + definedOn.get(known));
                }
                Map<String, Object> row = row(f, format.columns(), columns);
                int index = ids.add(id);
                byIndex.put(index, row);
                definedOn.put(index, lines.lineNumber());
            });
            provenance.add(MovieLens1M.describe(file.path(), lines));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            rows.add(byIndex.get(i));
        }
        return rows;
    }

    private static Map<String, Object> row(Fields f, List<FeatureFormat.Column> specs, int[] columns) {
        Map<String, Object> row = new HashMap<>();
        for (int k = 0; k < specs.size(); k++) {
            FeatureFormat.Column spec = specs.get(k);
            String cell = f.raw(columns[k]).strip();
            switch (spec.kind()) {
                case CATEGORICAL -> {
                    if (!cell.isEmpty()) {
                        row.put(spec.name(), cell);
                    }
                }
                case MULTI -> row.put(spec.name(), LineFormat.splitPlain(cell, spec.separator()).stream()
                        .map(String::strip).filter(v -> !v.isEmpty()).toList());
                case NUMERIC -> row.put(spec.name(), f.optionalNumber(columns[k]));
            }
        }
        return Map.copyOf(row);
    }

    /** The table over all ids; ids without a row (null, or beyond the rows read) get missing values. */
    private static FeatureTable table(FeatureFormat format, List<Map<String, Object>> rows, int size) {
        List<FeatureField> fields = format.columns().stream().map(c -> new FeatureField(c.name(), c.kind())).toList();
        Map<String, Object> missing = new HashMap<>();
        for (FeatureFormat.Column c : format.columns()) {
            switch (c.kind()) {
                case CATEGORICAL -> { }
                case MULTI -> missing.put(c.name(), List.of());
                case NUMERIC -> missing.put(c.name(), Double.NaN);
            }
        }
        List<Map<String, Object>> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Map<String, Object> row = i < rows.size() ? rows.get(i) : null;
            all.add(row == null ? Map.copyOf(missing) : row);
        }
        return new FeatureTable(fields, all);
    }
}
