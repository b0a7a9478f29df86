package dev.thaw.data.split;

import dev.thaw.data.IdMap;
import dev.thaw.data.Interactions;
import dev.thaw.data.split.SequenceSplit.NextItemExample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.thaw.data.Interactions.NO_TIMESTAMP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceSplitTest {
    /** User 0 rated items 3, 1, 4, 2 at times 40, 10, 30, 20; user 1 rated items 0, 1 at 5, 50. */
    private static final Interactions LOG = log(new long[] {40, 10, 30, 20, 5, 50});

    @Test
    void chronologicalSequencesSortByTime() {
        List<UserSequence> sequences = UserSequence.chronological(LOG);
        assertEquals(2, sequences.size());
        assertArrayEquals(new int[] {1, 2, 4, 3}, sequences.get(0).items());
        assertArrayEquals(new long[] {10, 20, 30, 40}, sequences.get(0).timestamps());
        assertArrayEquals(new int[] {0, 1}, sequences.get(1).items());
    }

    @Test
    void missingTimestampsAreReportedAndFileOrderIsExplicit() {
        Interactions untimed = log(new long[] {40, NO_TIMESTAMP, 30, 20, 5, NO_TIMESTAMP});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserSequence.chronological(untimed));
        assertTrue(e.getMessage().startsWith("2 of 6 rows have no timestamp"), e.getMessage());
        List<UserSequence> fileOrder = UserSequence.fileOrder(untimed);
        assertArrayEquals(new int[] {3, 1, 4, 2}, fileOrder.get(0).items());
        assertThrows(IllegalArgumentException.class, () -> SequenceSplit.byTime(fileOrder, 0, 1));
        assertEquals(2, SequenceSplit.leaveLastOut(fileOrder).test().get(0).target(), "file order holds out the last row");
    }

    @Test
    void leaveLastOutHoldsOutTheLastTwoItems() {
        SequenceSplit split = SequenceSplit.leaveLastOut(UserSequence.chronological(LOG));
        assertArrayEquals(new int[] {1, 2}, split.train().get(0).items());
        assertArrayEquals(new int[] {0, 1}, split.train().get(1).items(), "too short to hold anything out");
        NextItemExample validation = split.validation().get(0);
        assertArrayEquals(new int[] {1, 2}, validation.history());
        assertEquals(4, validation.target());
        NextItemExample test = split.test().get(0);
        assertArrayEquals(new int[] {1, 2, 4}, test.history());
        assertEquals(3, test.target());
        assertArrayEquals(new int[] {1, 2, 4, 3}, test.fullSequence());
        assertEquals(1, split.test().size());
    }

    @Test
    void timeSplitCutsAtTheGivenInstants() {
        List<UserSequence> sequences = UserSequence.chronological(LOG);
        SequenceSplit split = SequenceSplit.byTime(sequences, 25, 35);
        assertArrayEquals(new int[] {1, 2}, split.train().get(0).items());
        assertArrayEquals(new int[] {0}, split.train().get(1).items());
        assertEquals(List.of(4), split.validation().stream().map(NextItemExample::target).toList());
        assertEquals(List.of(3, 1), split.test().stream().map(NextItemExample::target).toList());
        assertArrayEquals(new int[] {1, 2, 4}, split.test().get(0).history());
        assertEquals(20, SequenceSplit.timeQuantile(sequences, 0.4));
        assertThrows(IllegalArgumentException.class, () -> SequenceSplit.byTime(sequences, 35, 25));
    }

    private static Interactions log(long[] times) {
        IdMap.Builder users = IdMap.builder();
        users.add("a");
        users.add("b");
        IdMap.Builder items = IdMap.builder();
        for (int i = 0; i < 5; i++) {
            items.add("m" + i);
        }
        return new Interactions(users.build(), items.build(), new int[] {0, 0, 0, 0, 1, 1}, new int[] {3, 1, 4, 2, 0, 1},
                new float[] {5, 4, 3, 2, 1, 1}, times);
    }
}
