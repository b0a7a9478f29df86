package dev.thaw.data.io;

import dev.thaw.data.FeatureTable.Kind;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How to read a user or item feature table: a delimited text file with a header row (CSV quoting
 * allowed), the id column and the feature columns to keep (other columns are ignored). Empty cells
 * are missing values.
 *
 * @param delimiter the column delimiter
 * @param idColumn  header name of the entity id column
 * @param columns   the feature columns, in the order the table will have
 * @param charset   the file's encoding
 */
public record FeatureFormat(char delimiter, String idColumn, List<Column> columns, Charset charset) {
    public FeatureFormat {
        columns = List.copyOf(columns);
    }

    /** Comma-separated UTF-8. */
    public static FeatureFormat csv(String idColumn, Column... columns) {
        return new FeatureFormat(',', idColumn, List.of(columns), StandardCharsets.UTF_8);
    }

    /** Tab-separated UTF-8. */
    public static FeatureFormat tsv(String idColumn, Column... columns) {
        return new FeatureFormat('\t', idColumn, List.of(columns), StandardCharsets.UTF_8);
    }

    /** The same in another encoding, by name. */
    public FeatureFormat withCharset(String charsetName) {
        return new FeatureFormat(delimiter, idColumn, columns, LogFormat.charsetNamed(charsetName));
    }

    /**
     * One feature column.
     *
     * @param name      header name (also the feature field's name)
     * @param kind      categorical, multi-valued or numeric
     * @param separator for multi-valued columns, what separates the values inside a cell
     */
    public record Column(String name, Kind kind, String separator) {
        /** A categorical column. */
        public static Column categorical(String name) {
            return new Column(name, Kind.CATEGORICAL, "");
        }

        /** A numeric column (empty cells are NaN, i.e. missing). */
        public static Column numeric(String name) {
            return new Column(name, Kind.NUMERIC, "");
        }

        /** A multi-valued column whose cell values are separated by {@code separator}, e.g. "|". */
        public static Column multi(String name, String separator) {
            if (separator.isEmpty()) {
                throw new IllegalArgumentException("multi-valued column '" + name + "' needs a separator");
            }
            return new Column(name, Kind.MULTI, separator);
        }
    }
}
