package dev.thaw.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.service.store.FeedbackStore.Event;
import dev.thaw.service.store.FeedbackStore.Rating;
import dev.thaw.service.store.FeedbackStore.StoredUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link FeedbackStore} must do; subclasses open a fresh, empty store of their kind. */
public abstract class FeedbackStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    protected FeedbackStore store;

    /** A new store over an empty database. */
    protected abstract FeedbackStore openEmpty() throws Exception;

    /** The same database opened again (as after a restart). */
    protected abstract FeedbackStore reopen() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openEmpty();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void usersAreCreatedWithDistinctIdsAndFoundAgain() {
        StoredUser a = store.createUser(Map.of("gender", "F", "age", "25"));
        StoredUser b = store.createUser(Map.of());
        assertNotEquals(a.id(), b.id());
        assertEquals(a, store.findUser(a.id()).orElseThrow());
        assertEquals(Map.of(), store.findUser(b.id()).orElseThrow().features());
        assertTrue(store.findUser("00000000-0000-0000-0000-000000000000").isEmpty());
    }

    @Test
    void aLaterRatingOfAnItemReplacesTheEarlierOne() {
        String user = store.createUser(Map.of()).id();
        store.putRatings(user, List.of(new Rating("10", 5, T0), new Rating("2", 3, T0)));
        store.putRatings(user, List.of(new Rating("10", 1.5, T0.plusSeconds(60))));
        assertEquals(List.of(new Rating("10", 1.5, T0.plusSeconds(60)), new Rating("2", 3, T0)),
                store.ratings(user));
        assertEquals(List.of(), store.ratings(store.createUser(Map.of()).id()));
    }

    @Test
    void ratingsOfAnUnknownUserAreRefusedAndNothingIsStored() {
        assertThrows(StoreException.class, () -> store.putRatings("00000000-0000-0000-0000-000000000000",
                List.of(new Rating("1", 4, T0))));
        assertEquals(List.of(), store.ratings("00000000-0000-0000-0000-000000000000"));
    }

    @Test
    void eventsAreAppended() {
        String user = store.createUser(Map.of()).id();
        store.addEvents(user, List.of(new Event("1", "click", T0), new Event("1", "click", T0)));
        store.addEvents(user, List.of(new Event("7", "view", T0)));
        assertEquals(3, store.eventCount(user));
    }

    @Test
    void everythingSurvivesAReopen() throws Exception {
        StoredUser user = store.createUser(Map.of("gender", "M"));
        store.putRatings(user.id(), List.of(new Rating("3", 4, T0)));
        store.close();
        store = reopen();
        assertEquals(user, store.findUser(user.id()).orElseThrow());
        assertEquals(List.of(new Rating("3", 4, T0)), store.ratings(user.id()));
        assertTrue(store.isHealthy());
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 4; u++) {
            users.add(store.createUser(Map.of()).id());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String user : users) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.putRatings(user, List.of(new Rating("item" + i, 1 + i % 5, T0)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (String user : users) {
            List<Rating> ratings = store.ratings(user);
            assertEquals(25, ratings.size());
            Set<String> items = ratings.stream().map(Rating::item).collect(Collectors.toSet());
            assertEquals(25, items.size());
        }
    }
}
