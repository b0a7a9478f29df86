package dev.thaw.data.io;

/**
 * A read's value together with its report.
 *
 * @param value  what was read
 * @param report rows kept and skipped
 * @param <T>    the value type
 */
public record ReadResult<T>(T value, ReadReport report) {
}
