package dev.thaw.data.io;

import java.util.HashSet;
import java.util.List;

/** The header row of a delimited file with CSV quoting: its column names and the line format they imply. */
final class Header {
    private static final List<Character> COMMON_DELIMITERS = List.of(',', '\t', ';', '|');

    private final TextLines source;
    private final LineFormat format;

    private Header(TextLines source, LineFormat format) {
        this.source = source;
        this.format = format;
    }

    /** Reads line 1 as the header; refuses an empty file, blank or repeated names, and a one-column header
     * that looks separated by another delimiter. */
    static Header read(TextLines source, char delimiter) {
        String line = source.next();
        if (line == null) {
            throw source.fileError(Problem.EMPTY_FILE, "the file is empty; expected a header row");
        }
        List<String> names = LineFormat.splitQuoted(source, line, delimiter).stream().map(String::strip).toList();
        if (names.size() == 1) {
            for (char other : COMMON_DELIMITERS) {
                if (other != delimiter && line.indexOf(other) >= 0) {
                    throw source.error(Problem.BAD_HEADER, "the header has one column but looks "
                            + Fields.show(String.valueOf(other)) + "-separated; expected "
                            + Fields.show(String.valueOf(delimiter)) + " as the delimiter");
                }
            }
        }
        var seen = new HashSet<String>();
        for (String name : names) {
            if (name.isEmpty() || !seen.add(name)) {
                throw source.error(Problem.BAD_HEADER, name.isEmpty() ? "the header has an empty column name"
                        : "the header names column '" + name + "' twice");
            }
        }
        return new Header(source, new LineFormat(String.valueOf(delimiter), names, true));
    }

    /** The format of the data rows. */
    LineFormat format() {
        return format;
    }

    /** The position of a named column, or a {@link Problem#BAD_HEADER} error listing the columns found. */
    int column(String name) {
        int i = format.columns().indexOf(name);
        if (i < 0) {
            throw new DataFormatException(source.file(), 1, Problem.BAD_HEADER, "no column '" + name
                    + "' in the header; found " + String.join(", ", format.columns()));
        }
        return i;
    }
}
