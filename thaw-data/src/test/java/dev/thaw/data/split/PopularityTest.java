package dev.thaw.data.split;

import dev.thaw.data.Interactions;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PopularityTest {
    private static final Interactions LOG = SyntheticGenerator.generate(SyntheticConfig.small(41)).dataset()
            .interactions();
    private static final ItemPopularity POPULARITY = ItemPopularity.of(LOG, ItemPopularity.DEFAULT_HEAD_FRACTION);

    @Test
    void headIsTheMostPopularFifthOfItems() {
        long rated = IntStream.range(0, LOG.items().size()).filter(i -> POPULARITY.count(i) > 0).count();
        int[] head = POPULARITY.headItems();
        assertEquals((int) Math.ceil(0.2 * rated), head.length);
        int leastHead = Arrays.stream(head).map(POPULARITY::count).min().orElseThrow();
        int mostTail = Arrays.stream(POPULARITY.tailItems()).map(POPULARITY::count).max().orElseThrow();
        assertTrue(leastHead >= mostTail);
        assertEquals(LOG.items().size(), head.length + POPULARITY.tailItems().length);
        assertTrue(POPULARITY.headInteractionShare() > 0.5, "share " + POPULARITY.headInteractionShare());
        assertEquals(LOG.items().size(), ItemPopularity.of(LOG, 1.0).headItems().length
                + IntStream.range(0, LOG.items().size()).filter(i -> POPULARITY.count(i) == 0).count());
        assertThrows(IllegalArgumentException.class, () -> ItemPopularity.of(LOG, 0));
    }

    @Test
    void fewShotCapsHeadItemsAndKeepsTheTail() {
        Interactions few = FewShotSampler.downsampleHead(LOG, POPULARITY, 5, 3);
        int[] counts = new int[LOG.items().size()];
        IntStream.range(0, few.size()).forEach(r -> counts[few.item(r)]++);
        for (int i = 0; i < counts.length; i++) {
            int expected = POPULARITY.isHead(i) ? Math.min(5, POPULARITY.count(i)) : POPULARITY.count(i);
            assertEquals(expected, counts[i], "item " + i);
        }
        Interactions again = FewShotSampler.downsampleHead(LOG, POPULARITY, 5, 3);
        Interactions other = FewShotSampler.downsampleHead(LOG, POPULARITY, 5, 4);
        assertArrayEquals(users(few), users(again));
        assertFalse(Arrays.equals(users(few), users(other)));
        int[] u = users(few);
        for (int r = 1; r < u.length; r++) {
            assertTrue(u[r] >= u[r - 1], "rows keep the log's (user-major) order");
        }
        Interactions half = LOG.select(IntStream.range(0, LOG.size() / 2).toArray());
        assertThrows(IllegalArgumentException.class, () -> FewShotSampler.downsampleHead(
                LOG, ItemPopularity.of(half, 0.2), 5, 3));
    }

    private static int[] users(Interactions rows) {
        return IntStream.range(0, rows.size()).map(rows::user).toArray();
    }
}
