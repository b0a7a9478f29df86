package dev.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesNeedAKeyUnlessAuthIsTurnedOffExplicitly() {
        String err = run(2, "serve", "--model", dir.toString(), "--api-key", "");
        assertEquals("thaw: give --api-key KEY (or set THAW_API_KEY), or --no-auth for a local demo\n", err);
        assertEquals("thaw: --no-auth and an API key exclude each other\n",
                run(2, "serve", "--model", dir.toString(), "--api-key", "a-long-key", "--no-auth"));
    }

    @Test
    void aFolderWithoutAModelIsOneLine() {
        String err = run(2, "serve", "--model", dir.resolve("missing").toString(), "--no-auth", "--store",
                "sqlite:" + dir.resolve("f.db"));
        assertTrue(err.startsWith("thaw: model folder " + dir.resolve("missing") + " cannot be served: "), err);
        assertEquals(1, err.lines().count(), err);
    }

    private static String run(int expectedCode, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = ThawCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(expectedCode, cli.execute(args), err.toString());
        return err.toString().replace(System.lineSeparator(), "\n");
    }
}
