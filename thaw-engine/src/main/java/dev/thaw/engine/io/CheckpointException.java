package dev.thaw.engine.io;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint or safetensors file that cannot be read: the one-line message names the file and the problem. */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** A problem with {@code file}, described in one line. */
    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** A problem with {@code file} that an underlying error caused. */
    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file (or checkpoint directory) at fault. */
    public Path file() {
        return file;
    }
}
