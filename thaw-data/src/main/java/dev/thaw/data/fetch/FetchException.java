package dev.thaw.data.fetch;

/** A dataset could not be fetched; the message is one line saying why and what to do instead. */
public final class FetchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: what failed and how to get the files by hand */
    public FetchException(String message) {
        super(message);
    }
}
