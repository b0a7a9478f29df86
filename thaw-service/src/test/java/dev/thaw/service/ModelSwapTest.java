package dev.thaw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.thaw.engine.io.Checkpoint;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSwapTest {
    private static final String KEY = "swap-test-key";
    private static final String QUERY = "{\"features\":{\"gender\":\"M\"},\"k\":10}";

    @TempDir
    static Path dir;
    private static Path first;
    private static Path second;
    private static ThawServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        first = ModelFixture.shared(11);
        second = ModelFixture.shared(12);
        server = ThawServer.start(ServiceConfig.local(0, first, "sqlite:" + dir.resolve("feedback.db"), KEY));
        http = new Http(server.port(), KEY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String swapTo(Path model) throws Exception {
        Http.Answer answer = http.post("/v1/admin/model", "{\"path\":\"" + model + "\"}");
        assertEquals(200, answer.status(), answer.text());
        return answer.body().get("version").asText();
    }

    @Test
    void requestsDuringRepeatedSwapsAllSucceedAndEachSeesOneWholeModel() throws Exception {
        String v2 = swapTo(second);
        JsonNode answerOfSecond = http.post("/v1/score", QUERY).body();
        String v1 = swapTo(first);
        JsonNode answerOfFirst = http.post("/v1/score", QUERY).body();
        assertNotEquals(v1, v2);
        assertNotEquals(answerOfFirst, answerOfSecond, "the two models must answer differently for this test to see mixing");

        AtomicBoolean swapping = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> clients = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                clients.add(pool.submit(() -> {
                    int[] seen = new int[2];
                    while (swapping.get()) {
                        Http.Answer answer = http.post("/v1/score", QUERY);
                        assertEquals(200, answer.status(), answer.text());
                        if (answer.body().equals(answerOfFirst)) {
                            seen[0]++;
                        } else {
                            assertEquals(answerOfSecond, answer.body(), "an answer mixing two models");
                            seen[1]++;
                        }
                    }
                    return seen;
                }));
            }
            for (int s = 0; s < 10; s++) {
                swapTo(s % 2 == 0 ? second : first);
            }
            swapping.set(false);
            int[] total = new int[2];
            for (Future<int[]> client : clients) {
                int[] seen = client.get();
                total[0] += seen[0];
                total[1] += seen[1];
            }
            assertTrue(total[0] + total[1] >= 10, "too few requests overlapped the swaps: " + total[0] + "+" + total[1]);
        } finally {
            swapping.set(false);
            pool.shutdown();
        }
    }

    @Test
    void aSwapRetiresEveryCachedAdaptation() throws Exception {
        swapTo(first);
        String user = http.post("/v1/users", "{\"features\":{\"gender\":\"M\"}}").body().get("id").asText();
        String item = http.get("/v1/items?limit=1").body().get("items").get(0).get("id").asText();
        http.post("/v1/users/" + user + "/ratings", "{\"ratings\":[{\"item\":\"" + item + "\",\"rating\":5}]}");
        String stateless = "{\"features\":{\"gender\":\"M\"},\"ratings\":[{\"item\":\"" + item
                + "\",\"rating\":5}],\"k\":10}";
        JsonNode onFirst = http.get("/v1/users/" + user + "/recommendations").body().get("items");
        assertEquals(http.post("/v1/score", stateless).body().get("items"), onFirst);
        swapTo(second);
        JsonNode onSecond = http.get("/v1/users/" + user + "/recommendations").body().get("items");
        assertNotEquals(onFirst, onSecond);
        assertEquals(http.post("/v1/score", stateless).body().get("items"), onSecond, "answered by the new model");
    }

    @Test
    void aCorruptCheckpointIsRefusedAndTheOldModelKeepsServing() throws Exception {
        Path corrupt = copy(first, dir.resolve("corrupt"));
        try (RandomAccessFile file = new RandomAccessFile(corrupt.resolve(Checkpoint.MODEL_FILE).toFile(), "rw")) {
            file.seek(file.length() - 5);
            int b = file.read();
            file.seek(file.length() - 5);
            file.write(b ^ 0x5A);
        }
        assertRefused(corrupt, "cannot be served");
    }

    @Test
    void incompatibleOrMissingModelsAreRefused() throws Exception {
        Path noCatalogue = copy(first, dir.resolve("no-catalogue"));
        Files.delete(noCatalogue.resolve("serving.json"));
        assertRefused(noCatalogue, "cannot be served");
        Checkpoint valid = Checkpoint.load(first);
        ObjectNode alien = (ObjectNode) valid.extra("serving.json");
        alien.put("family", "alien");
        Checkpoint otherFamily = Checkpoint.of(valid.tensors(), valid.config());
        for (String name : valid.extraNames()) {
            otherFamily = otherFamily.withExtra(name, name.equals("serving.json") ? alien : valid.extra(name));
        }
        otherFamily.save(dir.resolve("other-family"));
        assertRefused(dir.resolve("other-family"), "model family 'alien'");
        assertRefused(dir.resolve("does-not-exist"), "cannot be served");
    }

    private static void assertRefused(Path model, String messagePart) throws Exception {
        String before = http.get("/v1/model").body().get("version").asText();
        JsonNode scoresBefore = http.post("/v1/score", QUERY).body();
        Http.Answer answer = http.post("/v1/admin/model", "{\"path\":\"" + model + "\"}");
        assertEquals(422, answer.status(), answer.text());
        assertTrue(answer.body().get("error").get("message").asText().contains(messagePart), answer.text());
        assertEquals(before, http.get("/v1/model").body().get("version").asText());
        assertEquals(scoresBefore, http.post("/v1/score", QUERY).body());
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
