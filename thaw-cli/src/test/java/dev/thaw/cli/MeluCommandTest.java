package dev.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MeluCommandTest {
    private static MeluCommand.Train parse(String... args) {
        MeluCommand.Train train = new MeluCommand.Train();
        new CommandLine(train).parseArgs(args);
        return train;
    }

    @Test
    void resamplingIsOnByDefaultAndCanBeSwitchedOff() {
        assertTrue(parse().resampleTasks);
        assertTrue(parse("--resample-tasks").resampleTasks);
        assertEquals(false, parse("--no-resample-tasks").resampleTasks);
    }

    @Test
    void missingDataIsOneClearLine() {
        CommandLine cli = ThawCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("melu", "train", "--data", "/nonexistent-thaw-data", "--out",
                System.getProperty("java.io.tmpdir") + "/thaw-melu-cli-test");
        assertEquals(2, code);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("no ml-1m and melu-ml-1m folders in /nonexistent-thaw-data"), err.toString());
    }
}
