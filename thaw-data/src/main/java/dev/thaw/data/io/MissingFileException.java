package dev.thaw.data.io;

/** A data file that a reader needs is not where it was looked for. The message says where it looked. */
public final class MissingFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the missing file and the places searched */
    public MissingFileException(String message) {
        super(message);
    }
}
