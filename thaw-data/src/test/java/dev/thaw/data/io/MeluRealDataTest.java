package dev.thaw.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.IdMap;
import dev.thaw.data.RealData;
import dev.thaw.data.io.MeluStates.MovieRating;
import dev.thaw.data.io.MeluStates.State;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MeLU's side information and state splits in shared/data/melu-ml-1m: counts from the data README. */
class MeluRealDataTest {
    private static MeluData data;

    @BeforeAll
    static void load() {
        Timed<MeluData> timed = MeluData.loadTimed(RealData.dir("ml-1m"), RealData.dir("melu-ml-1m"));
        System.out.println("ML-1M + MeLU load: " + timed.elapsed().toMillis() + " ms");
        data = timed.value();
    }

    @Test
    void statePairCountsMatchTheReadme() {
        MeluStates s = data.states();
        assertEquals(640_448, s.pairCount(State.WARM));
        assertEquals(163_702, s.pairCount(State.USER_COLD));
        assertEquals(157_456, s.pairCount(State.ITEM_COLD));
        assertEquals(38_603, s.pairCount(State.USER_AND_ITEM_COLD));
        long total = 0;
        for (State state : State.values()) {
            total += s.pairCount(state);
        }
        assertEquals(1_000_209, total);
        assertEquals(4_832, s.users(State.WARM).size());
        assertEquals(4_832 + 1_208, s.users(State.WARM).size() + s.users(State.USER_COLD).size());
    }

    @Test
    void usersWithThirteenToAHundredRatingsPerState() {
        Map<State, Integer> expected = Map.of(State.WARM, 2_653, State.USER_COLD, 668, State.ITEM_COLD, 2_863,
                State.USER_AND_ITEM_COLD, 723);
        for (State state : State.values()) {
            long n = data.states().users(state).values().stream().filter(l -> l.size() >= 13 && l.size() <= 100)
                    .count();
            assertEquals((long) expected.get(state), n, state.name());
        }
    }

    @Test
    void firstUserColdListIsAlignedWithItsRatings() {
        List<MovieRating> first = data.states().users(State.USER_COLD).get("4926");
        assertEquals(19, first.size());
        assertEquals(new MovieRating("1", 4), first.get(0));
        assertEquals(new MovieRating("539", 4), first.get(18));
    }

    @Test
    void itemFeaturesFollowMelu() {
        FeatureTable items = data.dataset().itemFeatures().orElseThrow();
        IdMap ids = data.dataset().interactions().items();
        Map<String, Object> toyStory = items.rows().get(ids.indexOf("1"));
        assertEquals("G", toyStory.get("rate"));
        assertEquals(List.of("Animation", "Adventure", "Comedy"), toyStory.get("genre"));
        assertEquals(List.of("John Lasseter"), toyStory.get("director"));
        assertEquals(List.of("Tom Hanks", "Tim Allen", "Don Rickles", "Jim Varney"), toyStory.get("actor"));
        assertEquals(1995.0, toyStory.get("year"));
        assertSame(items.rows().get(ids.indexOf("811")).get("actor"), items.rows().get(ids.indexOf("860")).get("actor"));
        assertEquals(List.of(), items.rows().get(ids.indexOf("720")).get("actor"), "N/A is missing");
    }

    @Test
    void everyStateMovieHasMeluFeatures() {
        FeatureTable items = data.dataset().itemFeatures().orElseThrow();
        IdMap ids = data.dataset().interactions().items();
        for (State state : State.values()) {
            for (List<MovieRating> list : data.states().users(state).values()) {
                for (MovieRating m : list) {
                    assertTrue(items.rows().get(ids.require(m.movieId(), "movie")).containsKey("rate"), m.movieId());
                }
            }
        }
    }

    @Test
    void vocabularyListsHaveMelusSizesDespiteCrlf() {
        Map<String, Integer> sizes = Map.of("m_rate.txt", 6, "m_genre.txt", 25, "m_director.txt", 2_186,
                "m_actor.txt", 7_978, "m_gender.txt", 2, "m_age.txt", 7, "m_occupation.txt", 21, "m_zipcode.txt", 3_402);
        sizes.forEach((file, size) -> {
            List<String> vocab = MeluSideInfo.readVocabulary(RealData.dir("melu-ml-1m").resolve(file));
            assertEquals((int) size, vocab.size(), file);
            assertFalse(vocab.stream().anyMatch(v -> v.contains("\r")), file);
        });
    }
}
