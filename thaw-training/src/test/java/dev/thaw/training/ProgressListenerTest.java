package dev.thaw.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.thaw.training.TrainingListener.MetaStepEvent;
import dev.thaw.training.TrainingListener.TrainingPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {
    @Test
    void lineShowsThroughputLossAndEta() {
        ProgressListener progress = new ProgressListener(new PrintStream(new ByteArrayOutputStream()), 1_000_000);
        progress.onStart(new TrainingPlan(0, 2, 10, 320, 0));
        for (int s = 0; s < 5; s++) {
            progress.onMetaStep(new MetaStepEvent(0, s, 32, 0.5, (s + 1) * 1_000_000_000L));
        }
        // 160 tasks in 5 s; 15 steps left at 1 s each
        assertEquals("epoch 1/2 step 5/10 | 32 tasks/s | loss 0.5000 | val MAE - | ETA 15s",
                progress.line(new MetaStepEvent(0, 4, 32, 0.5, 5_000_000_000L)));
    }

    @Test
    void endLineSaysWhenThereWasNoValidation() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressListener progress = new ProgressListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1000);
        progress.onEnd(new TrainingResult(new TrainingState(3, 30, List.of()), -1, Double.NaN, List.of(1.0, 0.9, 0.8),
                TrainingResult.StopReason.MAX_EPOCHS, 12.0));
        assertEquals("training stopped (MAX_EPOCHS) after 3 epochs, 12.0 s (no validation)",
                bytes.toString(StandardCharsets.UTF_8).strip());
    }
}
