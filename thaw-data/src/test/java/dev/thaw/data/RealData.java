package dev.thaw.data;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real datasets folder for integration tests, from the environment variable {@code THAW_DATA}
 * (scripts/test sets it to {@code ../shared/data}). When it is missing, tests fail if
 * {@code THAW_REQUIRE_DATA=1} (CI) and are skipped otherwise, with a message saying why.
 */
public final class RealData {
    static final String SKIP_MESSAGE = "skipped: real datasets not found; set THAW_DATA to the shared/data folder";

    private RealData() {
    }

    /** The data folder, or a failed/aborted test. */
    public static Path root() {
        String dir = System.getenv("THAW_DATA");
        if (dir != null && !dir.isBlank() && Files.isDirectory(Path.of(dir))) {
            return Path.of(dir);
        }
        if ("1".equals(System.getenv("THAW_REQUIRE_DATA"))) {
            fail("THAW_REQUIRE_DATA=1 but THAW_DATA='" + dir + "' is not a folder; set THAW_DATA to the shared/data"
                    + " folder");
        }
        recordSkip();
        assumeTrue(false, SKIP_MESSAGE);
        throw new AssertionError("unreachable");
    }

    /**
     * Appends "TestClass: reason" to the file named by {@code THAW_SKIP_LOG} (scripts/test lists it
     * at the end), because Surefire does not count a class whose setup skipped it.
     */
    private static void recordSkip() {
        String log = System.getenv("THAW_SKIP_LOG");
        if (log == null || log.isBlank()) {
            return;
        }
        String testClass = StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .filter(name -> !name.equals(RealData.class.getName()))
                .findFirst().orElse("?"));
        try {
            Files.writeString(Path.of(log), testClass + ": " + SKIP_MESSAGE + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot append to THAW_SKIP_LOG " + log, e);
        }
    }

    /** A subfolder of the data folder, e.g. {@code ml-1m}. */
    public static Path dir(String name) {
        Path p = root().resolve(name);
        if (!Files.isDirectory(p)) {
            fail("the data folder " + root() + " has no " + name + "/ subfolder");
        }
        return p;
    }
}
