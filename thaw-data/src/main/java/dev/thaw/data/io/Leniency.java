package dev.thaw.data.io;

/** How a reader treats a bad row: fail on the first one, or skip it and count it in a {@link ReadReport}. */
public enum Leniency {
    /** The first bad row fails the read with a {@link DataFormatException}. */
    STRICT,
    /** Bad rows with a {@linkplain Problem#skippable() skippable} problem are skipped and counted. */
    LENIENT
}
