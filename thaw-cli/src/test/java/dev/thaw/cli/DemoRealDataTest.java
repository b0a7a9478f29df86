package dev.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.thaw.data.RealData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thaw demo --data DIR} on MovieLens-1M: a brief training, the scenario tables, a real new user onboarded. */
class DemoRealDataTest {
    @Test
    void demoRunsOnMovieLensWithTitlesAndRealAnswers(@TempDir Path dir) throws Exception {
        Path data = RealData.root();
        int code = ThawCommand.commandLine().execute("demo", "--data", data.toString(), "--epochs", "1", "--seconds", "600",
                "--json",
                "--out", dir.toString());
        assertEquals(0, code);
        ObjectMapper json = new ObjectMapper();
        JsonNode config = json.readTree(dir.resolve("config.json").toFile());
        assertEquals("HONEST", config.get("data").get("protocol").asText());
        JsonNode results = json.readTree(dir.resolve("results.json").toFile());
        JsonNode newUsers = results.get("scenarios").get("USER_COLD");
        // the honest split's 491 new test users, 10 query ratings each
        assertEquals(4910, newUsers.get("MeLU").get("ratings").asInt());
        double shrunk = newUsers.get("shrunk support mean").get("mae").asDouble();
        assertEquals(0.8035, shrunk, 0.002, "the shrunk support mean of docs/melu.md");
        assertTrue(newUsers.get("MeLU").get("mae").asDouble() < shrunk,
                "one epoch of MeLU beats the shrunk support mean on new users: " + newUsers.get("MeLU"));
        JsonNode example = results.get("example_new_user");
        assertTrue(example.get("rated").size() >= 3, "the onboarded user answers 3-5 evidence items: " + example);
        assertTrue(example.get("top5_after").get(0).get("item").asText().matches(".+ \\(\\d{4}\\)"),
                "items are shown by title: " + example.get("top5_after"));
    }
}
