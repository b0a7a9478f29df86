package dev.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RetrievalCommandTest {
    private static String oneLineError(String... args) {
        CommandLine cli = ThawCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute(args), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        return err.toString();
    }

    @Test
    void unknownFamilyAndParameterAreOneLineNamingTheKnownOnes() {
        String out = System.getProperty("java.io.tmpdir") + "/thaw-retrieval-cli-test";
        assertTrue(oneLineError("retrieval", "train", "--family", "svd", "--out", out)
                .contains("unknown model 'svd' (known: popular, wals, bpr, two-tower)"));
        assertTrue(oneLineError("retrieval", "train", "--family", "wals", "-p", "rank=3", "--out", out)
                .contains("model 'wals' has no parameter 'rank' (known: dim, iterations, lambda, w, w0, alpha)"));
        assertTrue(oneLineError("retrieval", "compare", "--run", "bpr lr=fast", "--out", out)
                .contains("model 'bpr' parameter lr=fast is not a number"));
    }

    @Test
    void missingDataIsOneClearLine() {
        assertTrue(oneLineError("retrieval", "train", "--data", "/nonexistent-thaw-data", "--dataset", "ml-100k", "--out",
                System.getProperty("java.io.tmpdir") + "/thaw-retrieval-cli-test")
                .contains("no ml-100k/ folder in /nonexistent-thaw-data"));
        assertTrue(oneLineError("retrieval", "folding", "--amazon", "sport_cloth", "--data", "/nonexistent-thaw-data")
                .contains("no Amazon pair 'sport_cloth' in /nonexistent-thaw-data/amazon-cdr-disencdr"));
    }
}
