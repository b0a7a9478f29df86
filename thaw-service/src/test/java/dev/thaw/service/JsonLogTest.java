package dev.thaw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log configuration of {@code thaw serve}: every line a JSON object, request lines with their fields. */
class JsonLogTest {
    @TempDir
    Path dir;

    @Test
    void everyLineIsAJsonObjectAndRequestsCarryMethodPathStatusAndLatency() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            Configurator.reconfigure(ThawServer.class.getResource("/thaw-service-log4j2.xml").toURI());
            try (ThawServer server = ThawServer.start(ServiceConfig.local(0, ModelFixture.shared(11),
                    "sqlite:" + dir.resolve("feedback.db"), null))) {
                Http http = new Http(server.port(), null);
                http.get("/v1/items?limit=1");
                http.get("/v1/items/no-such-item");
            }
        } finally {
            System.setOut(original);
            Configurator.reconfigure();
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> requests = new ArrayList<>();
        for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode event = json.readTree(line);
            assertTrue(event.isObject() && event.has("time") && event.has("level") && event.has("message"), line);
            if (event.path("logger").asText().equals("dev.thaw.service.requests")) {
                requests.add(event);
            }
        }
        assertEquals(2, requests.size(), buffer.toString(StandardCharsets.UTF_8));
        JsonNode missing = requests.get(1);
        assertEquals("GET", missing.get("method").asText());
        assertEquals("/v1/items/no-such-item", missing.get("path").asText());
        assertEquals("404", missing.get("status").asText());
        assertTrue(Double.parseDouble(missing.get("latency_ms").asText()) >= 0);
        assertEquals("200", requests.get(0).get("status").asText());
    }
}
