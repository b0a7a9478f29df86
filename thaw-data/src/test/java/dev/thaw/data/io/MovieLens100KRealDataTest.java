package dev.thaw.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.Interactions;
import dev.thaw.data.RealData;
import dev.thaw.data.RecDataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MovieLens-100K in shared/data/ml-100k: counts from the data README. */
class MovieLens100KRealDataTest {
    @Test
    void countsFeaturesAndGenres() {
        RecDataset d = MovieLens100K.read(RealData.dir("ml-100k"));
        Interactions log = d.interactions();
        assertEquals(100_000, log.size());
        assertEquals(943, log.distinctUsers());
        assertEquals(1_682, log.distinctItems());
        assertTrue(log.allTimestamped());
        long[] perStar = new long[6];
        for (int r = 0; r < log.size(); r++) {
            perStar[(int) log.value(r)]++;
        }
        assertEquals(List.of(6_110L, 11_370L, 27_145L, 34_174L, 21_201L),
                List.of(perStar[1], perStar[2], perStar[3], perStar[4], perStar[5]));
        assertEquals(Map.of("age", 24.0, "gender", "M", "occupation", "technician", "zip", "85711"),
                d.userFeatures().orElseThrow().rows().get(log.users().indexOf("1")));
        Map<String, Object> toyStory = d.itemFeatures().orElseThrow().rows().get(log.items().indexOf("1"));
        assertEquals(List.of("Animation", "Children's", "Comedy"), toyStory.get("genres"));
        assertEquals(1995.0, toyStory.get("year"));
        assertEquals("Toy Story (1995)", d.itemTitles().orElseThrow().get(0));
    }
}
