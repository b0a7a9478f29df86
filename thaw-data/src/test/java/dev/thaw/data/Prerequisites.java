package dev.thaw.data;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What an integration test does when something it needs from outside (datasets, a database
 * server, a browser) is missing: it fails where that thing is required (CI), and is otherwise
 * skipped loudly: the reason goes to the JUnit report and, as "TestClass: reason", to the file
 * named by {@code THAW_SKIP_LOG}, which scripts/test lists at the end (Surefire does not count a
 * class whose setup skipped it).
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    /**
     * Fails the calling test with {@code failMessage} when {@code required}; otherwise records
     * {@code skipMessage} and aborts the test. Never returns normally.
     */
    public static void missing(boolean required, String failMessage, String skipMessage) {
        String log = System.getenv("THAW_SKIP_LOG");
        missing(required, failMessage, skipMessage, log == null || log.isBlank() ? null : Path.of(log));
    }

    /** {@link #missing(boolean, String, String)} with the skip log given ({@code null}: none). */
    static void missing(boolean required, String failMessage, String skipMessage, Path skipLog) {
        if (required) {
            fail(failMessage);
        }
        if (skipLog != null) {
            record(skipLog, skipMessage);
        }
        assumeTrue(false, skipMessage);
        throw new AssertionError("unreachable");
    }

    /** Whether this run is CI ({@code CI=true}), where every integration test must run. */
    public static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    private static void record(Path log, String message) {
        try {
            Files.writeString(log, testClass() + ": " + message + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to THAW_SKIP_LOG " + log, e);
        }
    }

    /** The innermost caller named like a test class ({@code ...Test}), else the first caller outside this class. */
    private static String testClass() {
        List<String> callers = StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .filter(name -> !name.equals(Prerequisites.class.getName()))
                .toList());
        return callers.stream().filter(name -> name.endsWith("Test")).findFirst()
                .orElse(callers.isEmpty() ? "?" : callers.get(0));
    }
}
