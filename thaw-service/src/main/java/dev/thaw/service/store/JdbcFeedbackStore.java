package dev.thaw.service.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A {@link FeedbackStore} on SQLite (one file, WAL journal, {@code synchronous=FULL}) or PostgreSQL,
 * through a HikariCP pool. The schema is created and upgraded by Flyway from the dialect's SQL
 * migrations ({@code db/migration/<dialect>}) when the store opens. Both dialects share the SQL
 * below (standard SQL plus {@code ON CONFLICT ... DO UPDATE}, which both support).
 */
public final class JdbcFeedbackStore implements FeedbackStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FEATURES = new TypeReference<>() {
    };

    /** SQLite connections: readers run beside the one writer in WAL mode, so reads need not wait for writes. */
    private static final int SQLITE_CONNECTIONS = 16;
    private final HikariDataSource pool;
    private final ReentrantLock writeLock;

    /**
     * @param writeLock taken around every write on SQLite, which has one writer: waiting on a fair
     *                  lock here is cheaper and steadier than SQLite's busy handler, which sleeps in
     *                  growing steps while holding a pooled connection; null for PostgreSQL, which
     *                  takes concurrent writes itself
     */
    private JdbcFeedbackStore(HikariDataSource pool, ReentrantLock writeLock) {
        this.pool = pool;
        this.writeLock = writeLock;
    }

    /**
     * Opens (and migrates) a store: {@code sqlite:<file>} or a {@code jdbc:postgresql://} URL with
     * {@code user} and {@code password} (either may be null when the URL carries them).
     *
     * @throws IllegalArgumentException for any other URL
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static JdbcFeedbackStore open(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        String dialect;
        if (url.startsWith("sqlite:")) {
            dialect = "sqlite";
            config.setJdbcUrl("jdbc:" + url);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.setMaximumPoolSize(SQLITE_CONNECTIONS);
        } else if (url.startsWith("jdbc:postgresql:")) {
            dialect = "postgresql";
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(8);
        } else {
            throw new IllegalArgumentException("store '" + url + "' must be sqlite:<file> or jdbc:postgresql://...");
        }
        config.setPoolName("thaw-store");
        config.setConnectionTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open store " + redacted(url) + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration/" + dialect)
                    .loggers("slf4j").load().migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("cannot migrate store " + redacted(url) + ": " + rootMessage(e), e);
        }
        return new JdbcFeedbackStore(pool, dialect.equals("sqlite") ? new ReentrantLock(true) : null);
    }

    @Override
    public StoredUser createUser(Map<String, String> features) {
        StoredUser user = new StoredUser(UUID.randomUUID().toString(), features,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        update("INSERT INTO users (id, features, created_at) VALUES (?, ?, ?)", statement -> {
            statement.setString(1, user.id());
            statement.setString(2, toJson(user.features()));
            statement.setLong(3, user.createdAt().toEpochMilli());
            statement.executeUpdate();
        });
        return user;
    }

    @Override
    public Optional<StoredUser> findUser(String id) {
        return query("SELECT features, created_at FROM users WHERE id = ?", statement -> {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new StoredUser(id, fromJson(rows.getString(1)),
                        Instant.ofEpochMilli(rows.getLong(2)))) : Optional.empty();
            }
        });
    }

    @Override
    public List<Rating> ratings(String userId) {
        return query("SELECT item_id, rating, rated_at FROM ratings WHERE user_id = ? ORDER BY item_id", statement -> {
            statement.setString(1, userId);
            List<Rating> out = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.add(new Rating(rows.getString(1), rows.getDouble(2), Instant.ofEpochMilli(rows.getLong(3))));
                }
            }
            return out;
        });
    }

    @Override
    public void putRatings(String userId, List<Rating> ratings) {
        update("INSERT INTO ratings (user_id, item_id, rating, rated_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (user_id, item_id) DO UPDATE SET rating = excluded.rating, rated_at = excluded.rated_at",
                statement -> {
                    for (Rating rating : ratings) {
                        statement.setString(1, userId);
                        statement.setString(2, rating.item());
                        statement.setDouble(3, rating.value());
                        statement.setLong(4, rating.at().toEpochMilli());
                        statement.addBatch();
                    }
                    statement.executeBatch();
                });
    }

    @Override
    public void addEvents(String userId, List<Event> events) {
        update("INSERT INTO events (user_id, item_id, type, at) VALUES (?, ?, ?, ?)", statement -> {
            for (Event event : events) {
                statement.setString(1, userId);
                statement.setString(2, event.item());
                statement.setString(3, event.type());
                statement.setLong(4, event.at().toEpochMilli());
                statement.addBatch();
            }
            statement.executeBatch();
        });
    }

    @Override
    public int eventCount(String userId) {
        return query("SELECT COUNT(*) FROM events WHERE user_id = ?", statement -> {
            statement.setString(1, userId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    @Override
    public boolean isHealthy() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface Write {
        void run(PreparedStatement statement) throws SQLException;
    }

    private <T> T query(String sql, Work<T> work) {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            return work.run(statement);
        } catch (SQLException e) {
            throw new StoreException("store query failed: " + rootMessage(e), e);
        }
    }

    /** Runs a write in one transaction and commits it before returning. */
    private void update(String sql, Write write) {
        if (writeLock == null) {
            updateLocked(sql, write);
            return;
        }
        writeLock.lock();
        try {
            updateLocked(sql, write);
        } finally {
            writeLock.unlock();
        }
    }

    private void updateLocked(String sql, Write write) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                write.run(statement);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store write failed: " + rootMessage(e), e);
        }
    }

    private static String toJson(Map<String, String> features) {
        try {
            return JSON.writeValueAsString(features);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write features as JSON", e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return JSON.readValue(json, FEATURES);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored user features are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The URL without query parameters (which may hold a password). */
    private static String redacted(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }
}
