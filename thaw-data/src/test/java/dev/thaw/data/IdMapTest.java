package dev.thaw.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Lookups by text and by number agree, whatever the form of the ids. */
class IdMapTest {
    @Test
    void numericLookupMatchesTextLookup() {
        IdMap.Builder b = IdMap.builder();
        for (String id : new String[] {"7", "007", "0", "3000000", "x1", " 8"}) {
            b.add(id);
        }
        IdMap ids = b.build();
        assertEquals(0, ids.indexOfNumber(7));
        assertEquals(1, ids.indexOf("007"));
        assertEquals(2, ids.indexOfNumber(0));
        assertEquals(3, ids.indexOfNumber(3_000_000));
        assertEquals(3, b.indexOf("3000000"));
        assertEquals(5, ids.indexOf(" 8"));
        assertEquals(-1, ids.indexOfNumber(8));
        assertEquals(-1, ids.indexOfNumber(1));
        assertEquals(-1, ids.indexOf("8"));
        assertEquals(-1, IdMap.numberOf("007"));
        assertEquals(-1, IdMap.numberOf("-1"));
        assertEquals(12, IdMap.numberOf("12"));
    }
}
