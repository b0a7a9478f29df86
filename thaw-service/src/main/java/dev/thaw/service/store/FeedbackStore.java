package dev.thaw.service.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Users and their feedback, durable: every write method returns only after the write is committed
 * (on SQLite with a synchronous WAL commit), so an acknowledged write survives a crash. Thread-safe.
 */
public interface FeedbackStore extends AutoCloseable {
    /** Creates a user with a fresh server-generated id (times are kept to the millisecond). */
    StoredUser createUser(Map<String, String> features);

    /** The user of an id, if any. */
    Optional<StoredUser> findUser(String id);

    /** The user's ratings, one per item (the latest), in item id order. */
    List<Rating> ratings(String userId);

    /** Records ratings; a later rating of an item replaces the earlier one. All or nothing. */
    void putRatings(String userId, List<Rating> ratings);

    /** Records implicit events. All or nothing. */
    void addEvents(String userId, List<Event> events);

    /** Number of events recorded for a user. */
    int eventCount(String userId);

    /** True when the database answers. */
    boolean isHealthy();

    /** Releases the connections. */
    @Override
    void close();

    /**
     * A user.
     *
     * @param id        server-generated id
     * @param features  raw feature values by field name
     * @param createdAt creation time
     */
    record StoredUser(String id, Map<String, String> features, Instant createdAt) {
        public StoredUser {
            features = Map.copyOf(features);
        }
    }

    /**
     * An explicit rating.
     *
     * @param item  raw item id
     * @param value the rating
     * @param at    when it was given
     */
    record Rating(String item, double value, Instant at) {
    }

    /**
     * An implicit event.
     *
     * @param item raw item id
     * @param type event type, e.g. {@code click}
     * @param at   when it happened
     */
    record Event(String item, String type, Instant at) {
    }
}
