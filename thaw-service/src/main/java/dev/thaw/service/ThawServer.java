package dev.thaw.service;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;

/** The Thaw HTTP service: JSON API under {@code /v1}, the onboarding page (classpath {@code /web}) at {@code /}. */
public final class ThawServer implements AutoCloseable {
    private final Javalin app;

    private ThawServer(Javalin app) {
        this.app = app;
    }

    /** Starts a server on {@code host:port} (port 0 picks a free one). */
    public static ThawServer start(String host, int port) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            if (ThawServer.class.getResource("/web") != null) {
                config.staticFiles.add("/web", Location.CLASSPATH);
            }
            config.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
        });
        app.start(host, port);
        return new ThawServer(app);
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** Stops accepting requests, lets in-flight ones finish, and releases the port. */
    @Override
    public void close() {
        app.stop();
    }
}
