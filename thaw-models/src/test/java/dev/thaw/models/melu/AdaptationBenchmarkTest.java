package dev.thaw.models.melu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdaptationBenchmarkTest {
    @Test
    void runsMelusShapeWithOneAndFiveStepsThenTheDefaultPresetsAdaptation() {
        List<Map<String, Object>> runs = AdaptationBenchmark.runAll(2, 10);

        assertEquals(List.of(1, 5, 5), runs.stream().map(r -> r.get("local_steps")).toList());
        assertEquals(List.of(false, false, true), runs.stream().map(r -> r.get("user_offset")).toList());
        assertEquals(List.of(false, false, true), runs.stream().map(r -> r.get("support_shrinkage")).toList());
        for (Map<String, Object> run : runs) {
            assertEquals(10, run.get("calls"));
            assertTrue(run.keySet().stream().anyMatch(k -> k.startsWith("cpu_")), run.toString());
        }
    }
}
