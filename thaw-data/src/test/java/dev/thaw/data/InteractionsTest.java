package dev.thaw.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionsTest {
    private static IdMap ids(String... raw) {
        IdMap.Builder builder = IdMap.builder();
        for (String id : raw) {
            builder.add(id);
        }
        return builder.build();
    }

    @Test
    void concatKeepsEveryRowPartAfterPart() {
        IdMap users = ids("u0", "u1", "u2");
        IdMap items = ids("i0", "i1");
        Interactions a = new Interactions(users, items, new int[] {2, 0}, new int[] {1, 1}, new float[] {4, 2},
                new long[] {10, Interactions.NO_TIMESTAMP});
        Interactions b = new Interactions(users, items, new int[] {1}, new int[] {0}, new float[] {5}, new long[] {7});

        Interactions both = Interactions.concat(List.of(a, b));

        assertEquals(3, both.size());
        assertArrayEquals(new int[] {2, 0, 1}, new int[] {both.user(0), both.user(1), both.user(2)});
        assertArrayEquals(new int[] {1, 1, 0}, new int[] {both.item(0), both.item(1), both.item(2)});
        assertArrayEquals(new float[] {4, 2, 5}, new float[] {both.value(0), both.value(1), both.value(2)});
        assertEquals(Interactions.NO_TIMESTAMP, both.timestamp(1));
        assertEquals(7, both.timestamp(2));
        assertEquals(users, both.users());
    }

    @Test
    void concatRefusesLogsOverOtherIdMapsAndNoLogs() {
        IdMap items = ids("i0");
        Interactions a = new Interactions(ids("u0"), items, new int[] {0}, new int[] {0}, new float[] {1}, new long[] {0});
        Interactions b = new Interactions(ids("u0"), items, new int[] {0}, new int[] {0}, new float[] {1}, new long[] {0});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interactions.concat(List.of(a, b)));
        assertTrue(e.getMessage().contains("log 1 of 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Interactions.concat(List.of()));
    }
}
