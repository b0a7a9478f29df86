package dev.thaw.training;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopCriterionTest {
    @Test
    void patienceCountsEpochsSinceTheLastRealImprovement() {
        StopCriterion stop = StopCriterion.patience(2, 0.01);
        assertFalse(stop.shouldStop(List.of(0.9)));
        assertFalse(stop.shouldStop(List.of(0.9, 0.8)));
        assertFalse(stop.shouldStop(List.of(0.9, 0.8, 0.81)));
        assertTrue(stop.shouldStop(List.of(0.9, 0.8, 0.81, 0.795)), "0.795 is not 0.01 better than 0.8");
        assertFalse(stop.shouldStop(List.of(0.9, 0.8, 0.81, 0.78)));
        assertFalse(StopCriterion.never().shouldStop(List.of(1.0, 2.0, 3.0, 4.0)));
        assertThrows(IllegalArgumentException.class, () -> StopCriterion.patience(0, 0));
    }
}
