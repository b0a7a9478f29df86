package dev.thaw.service.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The test PostgreSQL server: reachable on loopback only, as an ordinary user that owns its database. */
class PostgresServerTest {
    @Test
    void servesTheTestDatabaseOnLoopbackToAnOrdinaryUser() throws SQLException {
        PostgresServer server = PostgresServer.shared();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            assertTrue(scalar(s, "SELECT version()").startsWith("PostgreSQL "), "server version");
            assertEquals("thaw", scalar(s, "SELECT current_database()"));
            assertEquals(server.user(), scalar(s, "SELECT current_user"));
            assertEquals("off", scalar(s, "SHOW is_superuser"), "the code under test must not run as superuser");
            assertEquals("127.0.0.1", scalar(s, "SHOW listen_addresses"));
        }
    }

    @Test
    void keepsCommittedRowsAcrossConnectionsAndIsSharedPerJvm() throws SQLException {
        PostgresServer server = PostgresServer.shared();
        assertSame(server, PostgresServer.shared(), "one server per JVM");
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE smoke_ratings (user_id TEXT, item TEXT, rating REAL, PRIMARY KEY (user_id, item))");
            s.execute("INSERT INTO smoke_ratings VALUES ('u1', '1196', 5), ('u1', '2858', 2.5)");
        }
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            assertEquals("7.5", scalar(s, "SELECT sum(rating) FROM smoke_ratings WHERE user_id = 'u1'"));
            s.execute("DROP TABLE smoke_ratings");
        }
    }

    @Test
    void refusesAWrongPassword() {
        PostgresServer server = PostgresServer.shared();
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password() + "x"));
        assertFalse(refused.getMessage().isBlank());
    }

    private static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next(), sql + " returned no row");
            return r.getString(1);
        }
    }
}
