package dev.thaw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTest {
    private static final String KEY = "test-key-123";
    private static final String USER = "{\"features\":{\"gender\":\"F\",\"age\":\"25\",\"occupation\":\"4\"}}";

    @TempDir
    static Path dir;
    private static ThawServer server;
    private static Http http;
    private static List<String> ids;

    @BeforeAll
    static void start() throws Exception {
        server = ThawServer.start(ServiceConfig.local(0, ModelFixture.shared(11),
                "sqlite:" + dir.resolve("feedback.db"), KEY));
        http = new Http(server.port(), KEY);
        ids = new ArrayList<>();
        http.get("/v1/items?limit=100").body().get("items").forEach(i -> ids.add(i.get("id").asText()));
        http.get("/v1/items?limit=100&offset=100").body().get("items").forEach(i -> ids.add(i.get("id").asText()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newUser() throws Exception {
        Http.Answer created = http.post("/v1/users", USER);
        assertEquals(201, created.status(), created.text());
        return created.body().get("id").asText();
    }

    private static Http.Answer rate(String user, String item, int rating) throws Exception {
        return http.post("/v1/users/" + user + "/ratings",
                "{\"ratings\":[{\"item\":\"" + item + "\",\"rating\":" + rating + "}]}");
    }

    private static List<String> recommended(String user, int k) throws Exception {
        Http.Answer answer = http.get("/v1/users/" + user + "/recommendations?k=" + k);
        assertEquals(200, answer.status(), answer.text());
        List<String> out = new ArrayList<>();
        answer.body().get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    private static void assertError(Http.Answer answer, int status, String messagePart) {
        assertEquals(status, answer.status(), answer.text());
        assertEquals(status, answer.body().path("error").path("status").asInt(), answer.text());
        String message = answer.body().path("error").path("message").asText();
        assertTrue(message.contains(messagePart), "message '" + message + "' lacks '" + messagePart + "'");
        assertFalse(answer.text().contains("Exception") || answer.text().contains("\tat "), answer.text());
    }

    @Test
    void healthReadinessAndModelInfo() throws Exception {
        assertEquals("ok", http.get("/health").body().get("status").asText());
        JsonNode ready = http.get("/ready").body();
        assertTrue(ready.get("ready").asBoolean());
        assertEquals(server.modelVersion(), ready.get("model").asText());
        JsonNode model = http.get("/v1/model").body();
        assertEquals("melu", model.get("family").asText());
        assertEquals(ModelFixture.ITEMS, model.get("item_count").asInt());
        assertEquals(11, model.get("config").get("seed").asInt());
        assertTrue(model.get("data_fingerprint").asText().matches("sha256:[0-9a-f]{64}"));
        assertEquals(16, model.get("version").asText().length());
        JsonNode openApi = http.get("/openapi.json").body();
        assertTrue(openApi.get("openapi").asText().startsWith("3."));
        for (String path : List.of("/v1/items", "/v1/users/{id}/recommendations", "/v1/score", "/v1/admin/model")) {
            assertTrue(openApi.get("paths").has(path), path);
        }
    }

    @Test
    void featuresListTheUserFieldsWithTheirValues() throws Exception {
        JsonNode fields = http.get("/v1/features").body().get("fields");
        Set<String> names = new HashSet<>();
        fields.forEach(f -> names.add(f.get("name").asText()));
        assertEquals(Set.of("gender", "age", "occupation"), names);
        fields.forEach(f -> assertTrue(f.get("values").size() >= 2, f.toString()));
    }

    @Test
    void itemsArePagedAndSearchedByTitle() throws Exception {
        assertEquals(ModelFixture.ITEMS, ids.size());
        assertEquals(ModelFixture.ITEMS, new HashSet<>(ids).size());
        JsonNode page = http.get("/v1/items?offset=195&limit=10").body();
        assertEquals(ModelFixture.ITEMS, page.get("total").asInt());
        assertEquals(5, page.get("items").size());
        String title = http.get("/v1/items/" + ids.get(42)).body().get("title").asText();
        JsonNode found = http.get("/v1/items?q=" + title.toUpperCase()).body();
        assertTrue(found.get("total").asInt() >= 1);
        List<String> titles = new ArrayList<>();
        found.get("items").forEach(i -> titles.add(i.get("title").asText().toLowerCase()));
        titles.forEach(t -> assertTrue(t.contains(title.toLowerCase()), t));
        assertError(http.get("/v1/items?limit=0"), 400, "limit");
        assertError(http.get("/v1/items?limit=101"), 400, "limit");
        assertError(http.get("/v1/items?offset=-1"), 400, "offset");
        assertError(http.get("/v1/items?limit=ten"), 400, "limit");
        assertError(http.get("/v1/items/no-such-item"), 404, "no-such-item");
    }

    @Test
    void evidenceIsRankedBestFirst() throws Exception {
        JsonNode items = http.get("/v1/evidence?k=5").body().get("items");
        assertEquals(5, items.size());
        for (int i = 1; i < items.size(); i++) {
            assertTrue(items.get(i - 1).get("score").asDouble() >= items.get(i).get("score").asDouble());
        }
        assertTrue(items.get(0).get("score").asDouble() > 0);
        assertEquals(20, http.get("/v1/evidence?k=100").body().get("items").size(), "the fixture stores 20");
        assertError(http.get("/v1/evidence?k=0"), 400, "'k'");
    }

    @Test
    void usersAreCreatedReadAndValidated() throws Exception {
        String user = newUser();
        JsonNode read = http.get("/v1/users/" + user).body();
        assertEquals("F", read.get("features").get("gender").asText());
        assertEquals(0, read.get("ratings").size());
        assertError(http.post("/v1/users", "{\"features\":{\"shoe_size\":\"44\"}}"), 400, "shoe_size");
        assertError(http.post("/v1/users", "{\"features\":{\"gender\":[\"F\"]}}"), 400, "gender");
        assertError(http.post("/v1/users", "{\"name\":\"x\"}"), 400, "name");
        assertError(http.get("/v1/users/00000000-0000-0000-0000-000000000000"), 404, "no user");
        assertError(http.get("/v1/users/../../etc"), 404, "");
    }

    @Test
    void unknownFeatureValuesTakeTheOutOfVocabularyPath() throws Exception {
        Http.Answer created = http.post("/v1/users", "{\"features\":{\"gender\":\"never-seen\",\"age\":\"999\"}}");
        assertEquals(201, created.status(), created.text());
        String user = created.body().get("id").asText();
        assertEquals(10, recommended(user, 10).size());
    }

    @Test
    void ratingsAreUpsertedAndValidated() throws Exception {
        String user = newUser();
        assertEquals(1, rate(user, ids.get(0), 5).body().get("recorded").asInt());
        assertEquals(200, rate(user, ids.get(0), 2).status());
        JsonNode ratings = http.get("/v1/users/" + user).body().get("ratings");
        assertEquals(1, ratings.size());
        assertEquals(2.0, ratings.get(0).get("rating").asDouble());
        assertError(rate(user, ids.get(1), 6), 400, "ratings[0].rating");
        assertError(rate(user, ids.get(1), 0), 400, "1.0..5.0");
        assertError(http.post("/v1/users/" + user + "/ratings", "{\"ratings\":[{\"item\":\"" + ids.get(1)
                + "\",\"rating\":4.5}]}"), 400, "steps of 1.0");
        assertError(rate(user, "no-such-item", 4), 404, "no-such-item");
        assertError(http.post("/v1/users/" + user + "/ratings", "{\"ratings\":[]}"), 400, "1..100");
        StringBuilder many = new StringBuilder("{\"ratings\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i > 0 ? "," : "").append("{\"item\":\"").append(ids.get(i)).append("\",\"rating\":3}");
        }
        assertError(http.post("/v1/users/" + user + "/ratings", many + "]}"), 400, "1..100");
        assertError(rate("00000000-0000-0000-0000-000000000000", ids.get(0), 4), 404, "no user");
        assertEquals(1, http.get("/v1/users/" + user).body().get("ratings").size(), "refused writes stored nothing");
    }

    @Test
    void writesNeedTheApiKey() throws Exception {
        Http anonymous = new Http(server.port(), null);
        assertError(anonymous.post("/v1/users", USER), 401, "X-API-Key");
        assertError(new Http(server.port(), "wrong-key-456").post("/v1/users", USER), 401, "X-API-Key");
        assertError(anonymous.post("/v1/admin/model", "{\"path\":\"/tmp\"}"), 401, "X-API-Key");
        assertEquals(200, anonymous.get("/v1/items").status(), "reads need no key");
        Path model = ModelFixture.shared(11);
        try (ThawServer separate = ThawServer.start(new ServiceConfig("127.0.0.1", 0, model,
                "sqlite:" + dir.resolve("admin.db"), null, null, "page-key-123", "admin-key-456", 65536, 10))) {
            String swap = "{\"path\":\"" + model + "\"}";
            assertError(new Http(separate.port(), "page-key-123").post("/v1/admin/model", swap), 401, "admin key");
            assertEquals(200, new Http(separate.port(), "admin-key-456").post("/v1/admin/model", swap).status());
            assertEquals(201, new Http(separate.port(), "page-key-123").post("/v1/users", USER).status());
        }
    }

    @Test
    void eventsAreRecorded() throws Exception {
        String user = newUser();
        Http.Answer answer = http.post("/v1/users/" + user + "/events", "{\"events\":[{\"item\":\"" + ids.get(3)
                + "\",\"type\":\"click\"},{\"item\":\"" + ids.get(4) + "\",\"type\":\"view\"}]}");
        assertEquals(2, answer.body().get("recorded").asInt(), answer.text());
        assertError(http.post("/v1/users/" + user + "/events", "{\"events\":[{\"item\":\"" + ids.get(3)
                + "\",\"type\":\"DROP TABLE\"}]}"), 400, "type");
    }

    @Test
    void recommendationsAdaptToNewRatingsAndExcludeRatedItems() throws Exception {
        String user = newUser();
        List<String> prior = recommended(user, 10);
        assertEquals(0, http.get("/v1/users/" + user + "/recommendations").body().get("adapted_on").asInt());
        assertEquals(prior, recommended(user, 10), "same state, same answer (cached)");
        String top = prior.get(0);
        assertEquals(200, rate(user, top, 1).status());
        List<String> after = recommended(user, 10);
        assertFalse(after.contains(top), "a rated item is never recommended");
        assertEquals(1, http.get("/v1/users/" + user + "/recommendations").body().get("adapted_on").asInt());
        for (int i = 1; i < 6; i++) {
            rate(user, prior.get(i), 1);
        }
        List<String> later = recommended(user, 10);
        assertNotEquals(after, later, "new ratings change the recommendations");
        for (int i = 0; i < 6; i++) {
            assertFalse(later.contains(prior.get(i)));
        }
        assertError(http.get("/v1/users/" + user + "/recommendations?k=101"), 400, "'k'");
    }

    @Test
    void aRatingIsAdaptedToInTheBackgroundBeforeTheNextRequest() throws Exception {
        String user = newUser();
        List<String> before = recommended(user, 10);
        assertTrue(server.isPrepared(user), "a request caches its adaptation");
        assertEquals(200, rate(user, before.get(0), 1).status());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.isPrepared(user) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(server.isPrepared(user), "the new rating was not adapted to in the background within 10 s");
        List<String> after = recommended(user, 10);
        assertFalse(after.contains(before.get(0)), "the rated item must be excluded");
        assertNotEquals(before, after);
    }

    @Test
    void statelessScoringMatchesTheStoredUsersRecommendations() throws Exception {
        String user = newUser();
        rate(user, ids.get(10), 5);
        rate(user, ids.get(11), 1);
        JsonNode stored = http.get("/v1/users/" + user + "/recommendations?k=5").body().get("items");
        JsonNode stateless = http.post("/v1/score", "{\"features\":{\"gender\":\"F\",\"age\":\"25\",\"occupation\":\"4\"},"
                + "\"ratings\":[{\"item\":\"" + ids.get(10) + "\",\"rating\":5},{\"item\":\"" + ids.get(11)
                + "\",\"rating\":1}],\"k\":5}").body().get("items");
        assertEquals(stored, stateless);
        JsonNode ranked = http.post("/v1/score", "{\"candidates\":[\"" + ids.get(1) + "\",\"" + ids.get(2) + "\",\""
                + ids.get(3) + "\"],\"k\":10}").body().get("items");
        assertEquals(3, ranked.size());
        assertTrue(ranked.get(0).get("score").asDouble() >= ranked.get(1).get("score").asDouble());
        assertError(http.post("/v1/score", "{\"candidates\":[\"nope\"]}"), 404, "nope");
        assertError(http.post("/v1/score", "{\"k\":0}"), 400, "'k'");
    }

    @Test
    void malformedAndOversizedBodiesAreJsonErrors() throws Exception {
        assertError(http.post("/v1/users", "{not json"), 400, "not valid JSON");
        assertError(http.post("/v1/users", "[1,2]"), 400, "JSON object");
        assertError(http.post("/v1/users", ""), 400, "body");
        String huge = "{\"features\":{\"gender\":\"" + "F".repeat(70 * 1024) + "\"}}";
        Http.Answer tooLarge = http.post("/v1/users", huge);
        assertEquals(413, tooLarge.status(), tooLarge.text());
        assertEquals(413, tooLarge.body().path("error").path("status").asInt(), tooLarge.text());
        assertError(http.get("/v1/nothing-here"), 404, "");
    }
}
