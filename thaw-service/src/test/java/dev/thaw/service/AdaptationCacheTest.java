package dev.thaw.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.thaw.service.store.FeedbackStore.Rating;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptationCacheTest {
    private static final List<Rating> ONE = List.of(new Rating("1", 5, Instant.EPOCH));
    private static final float[] SCORES = {1, 2, 3};

    @Test
    void anEntryAnswersOnlyForItsModelAndItsRatings() {
        AdaptationCache cache = new AdaptationCache(10);
        cache.put("u", new AdaptationCache.Entry("v1", ONE, SCORES));
        assertArrayEquals(SCORES, cache.get("u", "v1", ONE));
        assertNull(cache.get("u", "v2", ONE), "another model");
        assertNull(cache.get("u", "v1", List.of(new Rating("1", 4, Instant.EPOCH))), "changed rating");
        assertNull(cache.get("u", "v1", List.of()), "other ratings");
        cache.invalidate("u");
        assertNull(cache.get("u", "v1", ONE));
    }

    @Test
    void theLeastRecentlyUsedUserIsDroppedBeyondCapacity() {
        AdaptationCache cache = new AdaptationCache(2);
        cache.put("a", new AdaptationCache.Entry("v", ONE, SCORES));
        cache.put("b", new AdaptationCache.Entry("v", ONE, SCORES));
        cache.get("a", "v", ONE);
        cache.put("c", new AdaptationCache.Entry("v", ONE, SCORES));
        assertEquals(2, cache.size());
        assertNull(cache.get("b", "v", ONE));
        assertArrayEquals(SCORES, cache.get("a", "v", ONE));
        cache.clear();
        assertEquals(0, cache.size());
        AdaptationCache none = new AdaptationCache(0);
        none.put("a", new AdaptationCache.Entry("v", ONE, SCORES));
        assertEquals(0, none.size());
    }
}
