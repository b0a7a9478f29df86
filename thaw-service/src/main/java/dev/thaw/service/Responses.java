package dev.thaw.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.util.Map;

/** Writing JSON answers, errors included. */
final class Responses {
    private Responses() {
    }

    /** Answers {@code value} as JSON with {@code status}. */
    static void json(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(Requests.JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    /** Answers {@code {"error":{"status","message"}}}. */
    static void error(Context ctx, int status, String message) {
        json(ctx, status, Map.of("error", Map.of("status", status, "message", message.replace('\n', ' '))));
    }
}
