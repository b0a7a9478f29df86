package dev.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RetrievalTwoTowerCommandTest {
    private static String[] run(String... args) {
        CommandLine cli = ThawCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void anUnknownTwoTowerParameterIsOneLineListingTheKnownOnes() {
        String[] r = run("retrieval", "train", "--family", "two-tower", "-p", "negatves=10", "--data",
                "/nonexistent-thaw-data");
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].contains("model 'two-tower' has no parameter 'negatves' (known: loss, logq, q, hits, negatives"),
                r[2]);
        assertTrue(!r[0].equals("0"));
    }

    @Test
    void helpListsTheTwoTowerFamilyAndItsLosses() {
        String[] r = run("retrieval", "train", "--help");
        assertTrue(r[1].contains("two-tower  loss=in-batch (full, uniform, popularity, in-batch,"), r[1]);
        assertTrue(r[1].lines().allMatch(line -> line.length() <= 80), "help fits 80 columns:\n" + r[1]);
    }
}
