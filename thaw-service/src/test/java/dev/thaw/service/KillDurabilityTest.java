package dev.thaw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged ratings survive kill -9: a server in its own JVM takes ratings from several
 * clients, is killed with SIGKILL mid-stream, and a server restarted on the same SQLite file must
 * hold every rating (and user) that was acknowledged with a success status.
 */
class KillDurabilityTest {
    static final String KEY = "durability-test-key";
    private static final int CLIENTS = 4;
    private static final int ACKS_BEFORE_KILL = 200;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRatingSurvivesKillMinus9() throws Exception {
        Path model = ModelFixture.shared(11);
        String store = "sqlite:" + dir.resolve("feedback.db");
        Process server = startServer(model, store);
        Map<String, Map<String, Integer>> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger acks = new AtomicInteger();
        List<String> items;
        try {
            Http http = new Http(waitForPort(server), KEY);
            items = itemIds(http);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> write(http, items, client, acknowledged, acks)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (acks.get() < ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            server.destroyForcibly();
            assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            for (Future<?> f : clients) {
                f.get(20, TimeUnit.SECONDS);
            }
            pool.shutdown();
        } finally {
            server.destroyForcibly();
        }
        assertEquals(137, server.exitValue(), "the server must die of SIGKILL, not exit on its own");
        assertTrue(acks.get() >= ACKS_BEFORE_KILL, "only " + acks.get() + " ratings were acknowledged before the kill");

        try (ThawServer restarted = ThawServer.start(ServiceConfig.local(0, model, store, KEY))) {
            Http http = new Http(restarted.port(), KEY);
            int checked = 0;
            for (Map.Entry<String, Map<String, Integer>> user : acknowledged.entrySet()) {
                Http.Answer answer = http.get("/v1/users/" + user.getKey());
                assertEquals(200, answer.status(), "acknowledged user lost: " + answer.text());
                Map<String, Integer> stored = new HashMap<>();
                for (JsonNode r : answer.body().get("ratings")) {
                    stored.put(r.get("item").asText(), r.get("rating").asInt());
                }
                for (Map.Entry<String, Integer> rating : user.getValue().entrySet()) {
                    assertEquals(rating.getValue(), stored.get(rating.getKey()),
                            "acknowledged rating of " + rating.getKey() + " by " + user.getKey());
                    checked++;
                }
            }
            assertEquals(acks.get(), checked);
            System.out.printf("kill -9 after %d acknowledged ratings of %d users: all present after restart%n",
                    checked, acknowledged.size());
        }
    }

    /**
     * One client: creates users and rates each item at most once per user (so a rating that was
     * in flight at the kill cannot overwrite an acknowledged one), recording what was acknowledged.
     * Stops at the first failed request (the server is gone).
     */
    private static void write(Http http, List<String> items, int client, Map<String, Map<String, Integer>> acknowledged,
                              AtomicInteger acks) {
        try {
            while (true) {
                Http.Answer created = http.post("/v1/users", "{\"features\":{\"gender\":\"F\"}}");
                if (created.status() != 201) {
                    return;
                }
                String user = created.body().get("id").asText();
                Map<String, Integer> mine = new ConcurrentHashMap<>();
                acknowledged.put(user, mine);
                for (int i = 0; i < items.size(); i++) {
                    int rating = 1 + (i + client) % 5;
                    Http.Answer answer = http.post("/v1/users/" + user + "/ratings",
                            "{\"ratings\":[{\"item\":\"" + items.get(i) + "\",\"rating\":" + rating + "}]}");
                    if (answer.status() != 200) {
                        return;
                    }
                    mine.put(items.get(i), rating);
                    acks.incrementAndGet();
                }
            }
        } catch (IOException | InterruptedException e) {
            // the server was killed mid-request: this write was not acknowledged
        }
    }

    private Process startServer(Path model, String store) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ServeForTest.class.getName(), model.toString(), store, dir.resolve("port").toString());
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        return builder.start();
    }

    private int waitForPort(Process server) throws Exception {
        Path portFile = dir.resolve("port");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the server did not start; its log:\n" + Files.readString(dir.resolve("server.log")));
            }
            Thread.sleep(20);
        }
        return Integer.parseInt(Files.readString(portFile).trim());
    }

    private static List<String> itemIds(Http http) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int offset = 0; offset < ModelFixture.ITEMS; offset += 100) {
            http.get("/v1/items?limit=100&offset=" + offset).body().get("items")
                    .forEach(i -> ids.add(i.get("id").asText()));
        }
        return ids;
    }
}
