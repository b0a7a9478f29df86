package dev.thaw.data.split;

import dev.thaw.data.Interactions;
import dev.thaw.data.RealData;
import dev.thaw.data.RecDataset;
import dev.thaw.data.io.MovieLens1M;
import dev.thaw.data.split.HonestSplit.Fold;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Splits of the real ML-1M ratings: the honest protocol's leakage guarantee and counts, popularity, sequences. */
class Ml1mSplitsRealDataTest {
    private static RecDataset ml1m;
    private static BitSet newItems;
    private static HonestSplit split;

    @BeforeAll
    static void load() {
        ml1m = MovieLens1M.read(RealData.dir("ml-1m"));
        newItems = HonestSplit.itemsReleasedAfter(ml1m.itemFeatures().orElseThrow(), "year", 1997);
        split = HonestSplit.build(ml1m.interactions(), newItems, HonestSplit.Config.defaults(2019));
    }

    @Test
    void noQueryRatingReachesTrainingOrAnySupportSet() {
        HonestSplitTest.assertNoQueryLeaks(split);
    }

    @Test
    void newUsersAndItemsNeverReachTraining() {
        for (int r = 0; r < split.training().size(); r++) {
            assertFalse(split.isNewUser(split.training().user(r)));
            assertFalse(split.isNewItem(split.training().item(r)));
        }
    }

    @Test
    void countsWithSeed2019AreThoseInDocs() {
        assertEquals(1_208, IntStream.range(0, 6_040).filter(split::isNewUser).count());
        assertEquals(618_142, split.training().size());
        int[][] expected = {{655, 2_012}, {163, 491}, {730, 2_142}, {173, 541}};
        for (Scenario s : Scenario.values()) {
            assertEquals(expected[s.ordinal()][0], split.tasks(s, Fold.VALIDATION).size(), s + " validation");
            assertEquals(expected[s.ordinal()][1], split.tasks(s, Fold.TEST).size(), s + " test");
        }
        long ratedNewItems = IntStream.range(0, ml1m.interactions().size()).map(ml1m.interactions()::item)
                .distinct().filter(newItems::get).count();
        assertEquals(740, ratedNewItems);
    }

    @Test
    void headIsTheMostPopularFifthOfRatedMovies() {
        ItemPopularity popularity = ItemPopularity.of(ml1m.interactions(), ItemPopularity.DEFAULT_HEAD_FRACTION);
        assertEquals(742, popularity.headItems().length, "ceil(0.2 * 3706 rated movies)");
        assertEquals(0.6521, popularity.headInteractionShare(), 1e-4);
        Interactions few = FewShotSampler.downsampleHead(ml1m.interactions(), popularity, 20, 2019);
        assertEquals(362_843, few.size(), "every head movie keeps 20 ratings, every tail movie all of its own");
    }

    @Test
    void sequencesNeedTimestampsWhichOnlyPartOfTheRatingsHave() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserSequence.chronological(ml1m.interactions()));
        assertTrue(e.getMessage().startsWith("358525 of 1000209 rows have no timestamp"), e.getMessage());
        Interactions firstUsers = ml1m.interactions().select(IntStream.range(0, ml1m.interactions().size())
                .filter(r -> Integer.parseInt(ml1m.interactions().users().raw(ml1m.interactions().user(r))) < 3000)
                .toArray());
        SequenceSplit split = SequenceSplit.leaveLastOut(UserSequence.chronological(firstUsers));
        assertEquals(2_999, split.test().size());
        assertEquals(487_650 - 2 * 2_999, split.train().stream().mapToInt(UserSequence::length).sum());
    }
}
