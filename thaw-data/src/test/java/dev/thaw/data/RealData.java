package dev.thaw.data;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real datasets folder for integration tests, from the environment variable {@code THAW_DATA}
 * (scripts/test sets it to {@code ../shared/data}). When it is missing, tests fail if
 * {@code THAW_REQUIRE_DATA=1} (CI) and are skipped otherwise, with a message saying why
 * ({@link Prerequisites}).
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
        Prerequisites.missing("1".equals(System.getenv("THAW_REQUIRE_DATA")),
                "THAW_REQUIRE_DATA=1 but THAW_DATA='" + dir + "' is not a folder; set THAW_DATA to the shared/data folder",
                SKIP_MESSAGE);
        throw new AssertionError("unreachable");
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
