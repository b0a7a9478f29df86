package dev.thaw.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.thaw.service.testing.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL server (a Debian package started on loopback by {@link
 * PostgresServer}; skipped with a logged reason, or failed under CI, when it is not installed).
 */
class PostgresFeedbackStoreTest extends FeedbackStoreContract {
    @Override
    protected FeedbackStore openEmpty() throws Exception {
        FeedbackStore store = reopen();
        try (Connection c = PostgresServer.shared().connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE events, ratings, users");
        }
        return store;
    }

    @Override
    protected FeedbackStore reopen() {
        PostgresServer server = PostgresServer.shared();
        return JdbcFeedbackStore.open(server.jdbcUrl(), server.user(), server.password());
    }

    @Test
    void theSchemaIsMigratedOnceByFlyway() throws Exception {
        reopen().close();
        try (Connection c = PostgresServer.shared().connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), max(version) FROM flyway_schema_history WHERE success")) {
            r.next();
            assertEquals(1, r.getInt(1), "reopening must not apply migrations again");
            assertEquals("1", r.getString(2));
        }
    }
}
