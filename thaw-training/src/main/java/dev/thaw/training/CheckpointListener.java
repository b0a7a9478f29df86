package dev.thaw.training;

import dev.thaw.engine.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a checkpoint after every epoch to {@code DIR/last} and, when the epoch is the best so far
 * on validation, to {@code DIR/best}. What a checkpoint holds is up to the {@link Writer}; it
 * should include the {@link TrainingState} (as {@value TrainingState#FILE}) and the optimiser's state so
 * the run can resume exactly.
 */
public final class CheckpointListener implements TrainingListener {
    /** Saves the model being trained plus a training state to a directory. */
    @FunctionalInterface
    public interface Writer {
        /** Writes a checkpoint to {@code dir}: the model, the training state and the optimiser's state. */
        void write(Path dir, TrainingState state, Map<String, Tensor> optimizerState) throws IOException;
    }

    /** Sub-directory of the latest epoch's checkpoint. */
    public static final String LAST = "last";
    /** Sub-directory of the best validation epoch's checkpoint. */
    public static final String BEST = "best";

    private final Path dir;
    private final Writer writer;

    /** Checkpoints under {@code dir}. */
    public CheckpointListener(Path dir, Writer writer) {
        this.dir = dir;
        this.writer = writer;
    }

    @Override
    public void onEpochEnd(EpochEvent event) {
        try {
            writer.write(dir.resolve(LAST), event.state(), event.optimizerState());
            if (event.improved()) {
                writer.write(dir.resolve(BEST), event.state(), event.optimizerState());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint under " + dir + ": " + e.getMessage(), e);
        }
    }
}
