package dev.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
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
