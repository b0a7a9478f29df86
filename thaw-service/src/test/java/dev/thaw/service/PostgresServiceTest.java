package dev.thaw.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.thaw.service.testing.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole service on a real PostgreSQL store, two replicas sharing it: a rating written through
 * one replica changes the other's recommendations at once (its adaptation cache is never stale).
 */
class PostgresServiceTest {
    private static final String KEY = "postgres-test-key";

    @Test
    void twoReplicasOnOneDatabaseAgreeAfterEachRating() throws Exception {
        PostgresServer db = PostgresServer.shared();
        String store = db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password();
        try (ThawServer one = ThawServer.start(ServiceConfig.local(0, ModelFixture.shared(11), store, KEY));
             ThawServer two = ThawServer.start(ServiceConfig.local(0, ModelFixture.shared(11), store, KEY))) {
            Http a = new Http(one.port(), KEY);
            Http b = new Http(two.port(), KEY);
            String user = a.post("/v1/users", "{\"features\":{\"gender\":\"F\"}}").body().get("id").asText();
            List<String> before = ids(b.get("/v1/users/" + user + "/recommendations?k=5").body());
            Http.Answer rated = a.post("/v1/users/" + user + "/ratings",
                    "{\"ratings\":[{\"item\":\"" + before.get(0) + "\",\"rating\":1}]}");
            assertEquals(200, rated.status(), rated.text());
            JsonNode fromB = b.get("/v1/users/" + user + "/recommendations?k=5").body();
            assertEquals(1, fromB.get("adapted_on").asInt());
            assertFalse(ids(fromB).contains(before.get(0)), "replica two must see the rating written through one");
            assertEquals(fromB, a.get("/v1/users/" + user + "/recommendations?k=5").body());
        }
    }

    private static List<String> ids(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }
}
