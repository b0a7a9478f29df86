package dev.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    @Test
    void meluEpochRefusesFewerThanOneWarmUpEpochInOneLine() {
        CommandLine cli = ThawCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("bench", "melu-epoch", "--warmup-epochs", "0", "--data", "/nonexistent-thaw-data"),
                err.toString());
        assertEquals("thaw: --warmup-epochs must be >= 1, got 0", err.toString().strip());
    }
}
