package dev.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataCommandTest {
    @TempDir
    Path dir;

    @Test
    void infoPrintsTheCountsOfAMovieLensFolder() throws IOException {
        Files.writeString(dir.resolve("users.dat"), "1::F::1::10::48067\n2::M::56::16::70072\n");
        Files.writeString(dir.resolve("movies.dat"), "1::Toy Story (1995)::Comedy\n2::Heat (1995)::Crime\n");
        Files.writeString(dir.resolve("ratings.dat"), "1::1::5::978300760\n2::1::3::978300761\n");
        Run r = run("data", "info", dir.toString());
        assertEquals(0, r.code);
        assertEquals(dir + ": movielens-1m: 2 interactions, 2 users, 2 items (1 with interactions), 100.0% timestamped\n",
                r.out);
    }

    @Test
    void errorsAreOneLineWithoutStackTrace() throws IOException {
        Files.writeString(dir.resolve("users.dat"), "1::F::1::10::48067\n");
        Files.writeString(dir.resolve("movies.dat"), "1::Toy Story (1995)::Comedy\n");
        Files.writeString(dir.resolve("ratings.dat"), "1::1::five::978300760\n");
        Run r = run("data", "info", dir.toString());
        assertEquals(1, r.code);
        assertEquals("thaw: " + dir.resolve("ratings.dat") + ":1: column 3 (Rating) 'five' is not a number\n", r.err);
    }

    @Test
    void unknownDatasetNamesTheKnownOnes() {
        Run r = run("data", "fetch", "netflix", "--into", dir.toString());
        assertEquals(1, r.code);
        assertEquals("thaw: unknown dataset 'netflix'; known: ml-100k, ml-1m, amazon-cdr\n", r.err);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ThawCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString().replace(System.lineSeparator(), "\n"), err.toString().replace(System.lineSeparator(), "\n"));
    }
}
