package dev.thaw.data.io;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value with the wall-clock time it took to produce.
 *
 * @param value   the result
 * @param elapsed how long it took
 * @param <T>     the value type
 */
public record Timed<T>(T value, Duration elapsed) {
    /** Runs {@code work} and measures it. */
    public static <T> Timed<T> of(Supplier<T> work) {
        long start = System.nanoTime();
        T value = work.get();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }
}
