package dev.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
    @Test
    void shortDemoRecordsConfigResultsAndModel(@TempDir Path dir) throws Exception {
        int code = ThawCommand.commandLine().execute("demo", "--users", "300", "--items", "200", "--seconds", "3",
                "--threads", "1", "--json", "--out", dir.toString());
        assertEquals(0, code);
        ObjectMapper json = new ObjectMapper();
        JsonNode config = json.readTree(dir.resolve("config.json").toFile());
        assertEquals(2019, config.get("seed").asLong());
        JsonNode results = json.readTree(dir.resolve("results.json").toFile());
        JsonNode newUsers = results.get("scenarios").get("USER_COLD");
        for (String predictor : new String[] {"MeLU", "MeLU without local update", "global mean", "support mean",
                "shrunk support mean"}) {
            double mae = newUsers.get(predictor).get("mae").asDouble();
            assertTrue(mae > 0 && mae < 2, predictor + " MAE " + mae);
        }
        assertEquals(5, results.get("example_new_user").get("top5_after").size());
        assertTrue(Files.isRegularFile(dir.resolve("model").resolve("model.safetensors")));

        JsonNode recommended = json.readTree(stdoutOf("melu", "recommend", "--model", dir.resolve("model").toString(),
                "--user", "gender=F", "--rate", "i0=5,i1=1", "--top", "3"));
        assertEquals(3, recommended.get("top").size());
        recommended.get("top").forEach(item -> assertTrue(!item.get("item").asText().equals("i0")
                && !item.get("item").asText().equals("i1"), "rated items must not be recommended: " + item));
        CommandLine cli = ThawCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("melu", "recommend", "--model", dir.resolve("model").toString(),
                "--rate", "no-such-item=5"));
        assertEquals("thaw: --rate: item 'no-such-item' is not in the model's catalogue", err.toString().strip());
    }

    /** Runs the CLI and returns what it printed on standard output. */
    private static String stdoutOf(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, ThawCommand.commandLine().execute(args));
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badOptionsGiveOneLine() {
        CommandLine cli = ThawCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("demo", "--users", "5");
        assertEquals(2, code);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("thaw: need --users >= 100"), err.toString());
    }
}
