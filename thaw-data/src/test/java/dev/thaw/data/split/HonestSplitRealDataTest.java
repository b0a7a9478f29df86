package dev.thaw.data.split;

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

/** The honest protocol on the real ML-1M ratings: leakage guarantee and the counts docs/data.md reports. */
class HonestSplitRealDataTest {
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
}
