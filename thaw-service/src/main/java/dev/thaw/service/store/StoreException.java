package dev.thaw.service.store;

/** A database failure (unreachable, full, schema migration failed); the message is one line. */
public final class StoreException extends RuntimeException {
    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
