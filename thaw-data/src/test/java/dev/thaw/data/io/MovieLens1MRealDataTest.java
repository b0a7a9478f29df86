package dev.thaw.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.FeatureTable;
import dev.thaw.data.Interactions;
import dev.thaw.data.RealData;
import dev.thaw.data.RecDataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MovieLens-1M as laid out in shared/data/ml-1m: counts from the data README. */
class MovieLens1MRealDataTest {
    private static ReadResult<RecDataset> result;

    @BeforeAll
    static void load() {
        MovieLens1M.Files files = MovieLens1M.Files.in(RealData.dir("ml-1m"));
        assertInstanceOf(MovieLens1M.SplitRatings.class, files.ratings());
        assertEquals(2, ((MovieLens1M.SplitRatings) files.ratings()).timestampedParts().size());
        result = MovieLens1M.read(files, Leniency.STRICT);
    }

    @Test
    void countsMatchTheReadme() {
        Interactions log = result.value().interactions();
        assertEquals(1_000_209, log.size());
        assertEquals(6_040, log.distinctUsers());
        assertEquals(3_706, log.distinctItems());
        assertEquals(6_040, log.users().size());
        assertEquals(3_883, log.items().size());
    }

    @Test
    void ratingHistogramMatchesTheReadme() {
        Interactions log = result.value().interactions();
        long[] perStar = new long[6];
        for (int r = 0; r < log.size(); r++) {
            perStar[(int) log.value(r)]++;
        }
        assertEquals(List.of(56_174L, 107_557L, 261_197L, 348_971L, 226_310L),
                List.of(perStar[1], perStar[2], perStar[3], perStar[4], perStar[5]));
    }

    @Test
    void timestampsCoverTheTwoPartsExactly() {
        Interactions log = result.value().interactions();
        int timestamped = 0;
        for (int r = 0; r < log.size(); r++) {
            if (log.timestamp(r) != Interactions.NO_TIMESTAMP) {
                timestamped++;
            }
        }
        assertEquals(487_650 + 154_034, timestamped);
        assertEquals(0.642, timestamped / (double) log.size(), 0.0005);
        assertEquals(result.report().rowsKept(), 6_040 + 3_883 + 1_000_209 + 487_650 + 154_034);
        assertEquals(0, result.report().totalSkipped());
    }

    @Test
    void firstRowIsTheOriginalFirstRatingWithItsTimestamp() {
        Interactions log = result.value().interactions();
        assertEquals("1", log.users().raw(log.user(0)));
        assertEquals("1193", log.items().raw(log.item(0)));
        assertEquals(5f, log.value(0));
        assertEquals(978_300_760L, log.timestamp(0));
    }

    @Test
    void featuresAndLatin1Titles() {
        RecDataset d = result.value();
        FeatureTable users = d.userFeatures().orElseThrow();
        assertEquals(Map.of("gender", "F", "age", "1", "occupation", "10", "zip", "48067"), users.rows().get(0));
        FeatureTable items = d.itemFeatures().orElseThrow();
        int toyStory = d.interactions().items().indexOf("1");
        assertEquals(1995.0, items.rows().get(toyStory).get("year"));
        assertEquals(List.of("Animation", "Children's", "Comedy"), items.rows().get(toyStory).get("genres"));
        assertTrue(d.itemTitles().orElseThrow().get(72).contains("Misérables"), d.itemTitles().get().get(72));
        assertTrue(d.provenance().contains("users.dat (sha256 1dc3a95300cb19f7c10e027daf29b8cdf1d908dab65b5edfb45950aa389a10a3)"),
                d.provenance());
    }
}
