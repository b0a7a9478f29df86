package dev.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.split.Scenario;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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
    void earlyStoppingWatchesNewUsersUnlessToldOtherwise() {
        assertEquals(List.of(Scenario.USER_COLD), parse().validateOn);
        assertEquals(List.of(Scenario.USER_COLD, Scenario.ITEM_COLD), parse("--validate-on", "USER_COLD,ITEM_COLD").validateOn);
        assertThrows(CommandLine.ParameterException.class, () -> parse("--validate-on", "SOMETIMES"));
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
