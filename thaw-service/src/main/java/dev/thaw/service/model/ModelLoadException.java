package dev.thaw.service.model;

/** A model folder that cannot be served (missing, corrupt, or incompatible); the message is one line. */
public final class ModelLoadException extends Exception {
    ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
