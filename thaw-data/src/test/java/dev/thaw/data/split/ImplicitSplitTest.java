package dev.thaw.data.split;

import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import dev.thaw.data.synthetic.SyntheticConfig;
import dev.thaw.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImplicitSplitTest {
    private static final Interactions LOG = SyntheticGenerator.generate(SyntheticConfig.small(7)).dataset()
            .interactions();

    @Test
    void userItemsDeduplicateSortAndAnswerMembership() {
        UserItems sets = UserItems.of(3, 5, new int[] {2, 0, 2, 2, 0}, new int[] {4, 1, 0, 4, 3});
        assertArrayEquals(new int[] {1, 3}, sets.items(0));
        assertEquals(0, sets.size(1));
        assertArrayEquals(new int[] {0, 4}, sets.items(2));
        assertEquals(4, sets.pairCount());
        assertTrue(sets.contains(2, 4));
        assertFalse(sets.contains(2, 3));
        assertArrayEquals(new int[] {0, 2}, sets.nonEmptyUsers());
        assertArrayEquals(new int[] {1, 1, 0, 1, 1}, sets.itemCounts());
        assertThrows(IllegalArgumentException.class, () -> UserItems.of(2, 2, new int[] {0}, new int[] {2}));
    }

    @Test
    void partsArePositivesOnlyDisjointAndSizedPerUser() {
        ImplicitSplit split = ImplicitSplit.of(LOG, 4, 0.1, ImplicitSplit.Order.RANDOM, 3);
        int positives = 0;
        for (int r = 0; r < LOG.size(); r++) {
            if (LOG.value(r) >= 4) {
                positives++;
                int u = LOG.user(r);
                int item = LOG.item(r);
                int places = (split.train().contains(u, item) ? 1 : 0) + (split.validation().contains(u, item) ? 1 : 0)
                        + (split.test().contains(u, item) ? 1 : 0);
                assertEquals(1, places, "positive (" + u + ", " + item + ") must be in exactly one part");
            }
        }
        assertEquals(positives, split.train().pairCount() + split.validation().pairCount() + split.test().pairCount());
        for (int u = 0; u < split.userCount(); u++) {
            int n = split.train().size(u) + split.validation().size(u) + split.test().size(u);
            int expected = n >= 3 ? Math.max(1, (int) Math.round(0.1 * n)) : 0;
            assertEquals(expected, split.test().size(u), "user " + u);
            assertEquals(expected, split.validation().size(u), "user " + u);
        }
    }

    @Test
    void timeOrderHoldsOutTheLatestPositivesAndIsSeeded() {
        IdMap users = ids(1);
        IdMap items = ids(10);
        int[] item = {3, 1, 4, 0, 9, 2, 6, 5, 8, 7};
        long[] time = {50, 10, 40, 90, 20, 80, 30, 70, 60, 100};
        float[] value = new float[10];
        Arrays.fill(value, 5);
        Interactions rows = new Interactions(users, items, new int[10], item, value, time);
        ImplicitSplit split = ImplicitSplit.of(rows, 4, 0.1, ImplicitSplit.Order.TIME, 1);
        assertArrayEquals(new int[] {7}, split.test().items(0));
        assertArrayEquals(new int[] {0}, split.validation().items(0));
        assertEquals(0, split.usersSplitRandomly());
        ImplicitSplit a = ImplicitSplit.of(LOG, 4, 0.1, ImplicitSplit.Order.RANDOM, 5);
        ImplicitSplit b = ImplicitSplit.of(LOG, 4, 0.1, ImplicitSplit.Order.RANDOM, 5);
        ImplicitSplit c = ImplicitSplit.of(LOG, 4, 0.1, ImplicitSplit.Order.RANDOM, 6);
        assertArrayEquals(a.test().pairs()[1], b.test().pairs()[1]);
        assertFalse(Arrays.equals(a.test().pairs()[1], c.test().pairs()[1]));
    }

    private static IdMap ids(int n) {
        IdMap.Builder builder = IdMap.builder();
        for (int i = 0; i < n; i++) {
            builder.add("id" + i);
        }
        return builder.build();
    }
}
