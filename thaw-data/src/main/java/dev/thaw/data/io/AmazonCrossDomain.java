package dev.thaw.data.io;

import dev.thaw.data.CrossDomainPair;
import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a DisenCDR Amazon cross-domain scenario: folders {@code X_Y} (domain X) and {@code Y_X}
 * (domain Y), each with {@code train.txt}, {@code test.txt} and {@code test_original.txt} of
 * tab-separated {@code user item 1} rows (optionally gzipped). User ids are shared by the two
 * folders; item ids are per domain. Ids follow first appearance (X's files, then Y's).
 */
public final class AmazonCrossDomain {
    static final LineFormat FORMAT = LineFormat.of("\t", "user", "item", "label");
    private static final List<String> FILES = List.of("train.txt", "test.txt", "test_original.txt");

    private AmazonCrossDomain() {
    }

    /** Reads scenario {@code x_y} + {@code y_x} under {@code root} strictly, e.g. ("sport", "cloth"). */
    public static CrossDomainPair read(Path root, String x, String y) {
        return read(root.resolve(x + "_" + y), root.resolve(y + "_" + x), Leniency.STRICT).value();
    }

    /** Reads the two folders of a scenario; domain names are the part of each folder name before '_'. */
    public static ReadResult<CrossDomainPair> read(Path xDir, Path yDir, Leniency leniency) {
        ReadReport.Builder report = new ReadReport.Builder(leniency);
        IdMap.Builder users = IdMap.builder();
        DomainLogs x = readDomain(xDir, users, report);
        DomainLogs y = readDomain(yDir, users, report);
        IdMap userMap = users.build();
        String name = xDir.getFileName().toString();
        return new ReadResult<>(new CrossDomainPair(name, userMap, x.build(userMap), y.build(userMap)), report.build());
    }

    private static DomainLogs readDomain(Path dir, IdMap.Builder users, ReadReport.Builder report) {
        IdMap.Builder items = IdMap.builder();
        LogBuilder[] logs = new LogBuilder[FILES.size()];
        for (int k = 0; k < logs.length; k++) {
            logs[k] = readLog(DataFiles.require(dir, FILES.get(k)), users, items, report);
        }
        String folder = dir.getFileName().toString();
        String name = folder.contains("_") ? folder.substring(0, folder.indexOf('_')) : folder;
        return new DomainLogs(name, items, logs);
    }

    private static LogBuilder readLog(Path path, IdMap.Builder users, IdMap.Builder items, ReadReport.Builder report) {
        LogBuilder log = new LogBuilder();
        try (TextLines lines = TextLines.open(path, StandardCharsets.UTF_8)) {
            lines.forEachRow(report, () -> {
                Fields f = FORMAT.split(lines);
                String user = f.text(0);
                String item = f.text(1);
                float label = (float) f.number(2, 1, 1);
                log.add(lines, users.add(user), items.add(item), label, Interactions.NO_TIMESTAMP);
            });
        }
        return log;
    }

    private record DomainLogs(String name, IdMap.Builder items, LogBuilder[] logs) {
        CrossDomainPair.Domain build(IdMap users) {
            IdMap itemMap = items.build();
            return new CrossDomainPair.Domain(name, itemMap, logs[0].build(users, itemMap),
                    logs[1].build(users, itemMap), logs[2].build(users, itemMap));
        }
    }
}
