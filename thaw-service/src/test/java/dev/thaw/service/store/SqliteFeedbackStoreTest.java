package dev.thaw.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFeedbackStoreTest extends FeedbackStoreContract {
    @TempDir
    Path dir;

    @Override
    protected FeedbackStore openEmpty() {
        return reopen();
    }

    @Override
    protected FeedbackStore reopen() {
        return JdbcFeedbackStore.open("sqlite:" + dir.resolve("feedback.db"), null, null);
    }

    @Test
    void theFileUsesAWriteAheadLogWithSynchronousCommits() throws Exception {
        store.createUser(Map.of());
        assertTrue(Files.exists(dir.resolve("feedback.db")));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("feedback.db"));
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                assertEquals("wal", r.getString(1), "WAL is a property of the file");
            }
            try (ResultSet r = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1")) {
                assertEquals("1", r.getString(1));
            }
        }
    }

    @Test
    void otherUrlsAreRefusedWithOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcFeedbackStore.open("mysql://localhost/x", null, null));
        assertTrue(e.getMessage().contains("sqlite:<file> or jdbc:postgresql://"), e.getMessage());
    }

    @Test
    void anUnwritableFileIsAStoreError() {
        StoreException e = assertThrows(StoreException.class,
                () -> JdbcFeedbackStore.open("sqlite:" + dir.resolve("no/such/folder/x.db"), null, null));
        assertTrue(e.getMessage().startsWith("cannot open store sqlite:"), e.getMessage());
    }
}
