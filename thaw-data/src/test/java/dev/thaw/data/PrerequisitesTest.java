package dev.thaw.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {
    @Test
    void failsWhereThePrerequisiteIsRequiredAndLogsNoSkip(@TempDir Path dir) {
        Path log = dir.resolve("skipped.txt");
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> Prerequisites.missing(true, "CI=true but no widget", "skipped: no widget", log));
        assertEquals("CI=true but no widget", failure.getMessage());
        assertFalse(Files.exists(log));
    }

    @Test
    void abortsWhereItIsOptionalAndLogsTheTestClassWithTheReason(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("skipped.txt"), "EarlierTest: skipped: no data\n");
        TestAbortedException skip = assertThrows(TestAbortedException.class,
                () -> Prerequisites.missing(false, "CI=true but no widget", "skipped: no widget", log));
        assertEquals("Assumption failed: skipped: no widget", skip.getMessage());
        assertEquals("EarlierTest: skipped: no data\n" + PrerequisitesTest.class.getName() + ": skipped: no widget\n",
                Files.readString(log));
    }
}
