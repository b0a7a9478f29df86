package dev.thaw.service;

import dev.thaw.service.model.LoadedModel;
import dev.thaw.service.model.ModelLoadException;
import dev.thaw.service.model.ModelLoader;
import dev.thaw.service.store.FeedbackStore;
import dev.thaw.service.store.JdbcFeedbackStore;
import dev.thaw.service.store.StoreException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Thaw HTTP service: the JSON API under {@code /v1}, {@code /health}, {@code /ready},
 * {@code /openapi.json}, and the onboarding page (classpath {@code /web}) at {@code /}.
 */
public final class ThawServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThawServer.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger("dev.thaw.service.requests");
    /** How long a stop waits for requests in flight. */
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final Javalin app;
    private final FeedbackStore store;
    private final Api api;

    private ThawServer(Javalin app, FeedbackStore store, Api api) {
        this.app = app;
        this.store = store;
        this.api = api;
    }

    /**
     * Opens (and migrates) the store, loads the model, and starts listening.
     *
     * @throws IllegalArgumentException when the model cannot be served or the store URL is invalid
     * @throws StoreException           when the database cannot be reached or migrated
     */
    public static ThawServer start(ServiceConfig config) {
        LoadedModel model;
        try {
            model = ModelLoader.load(config.model());
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        FeedbackStore store = JdbcFeedbackStore.open(config.store(), config.storeUser(), config.storePassword());
        try {
            Api api = new Api(model, store, config.cacheSize());
            byte[] openApi = resource("/openapi.json");
            Javalin app = Javalin.create(c -> configure(c, config, api, openApi));
            app.start(config.host(), config.port());
            LOG.atInfo().addKeyValue("port", app.port()).addKeyValue("model", model.version())
                    .addKeyValue("items", model.itemCount()).log("thaw service started");
            return new ThawServer(app, store, api);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static void configure(JavalinConfig c, ServiceConfig config, Api api, byte[] openApi) {
        c.startup.showJavalinBanner = false;
        c.http.maxRequestSize = config.maxBodyBytes();
        // With a stop timeout, Jetty's connectors shut down gracefully: stop accepting, finish requests in flight.
        c.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MS));
        if (ThawServer.class.getResource("/web") != null) {
            c.staticFiles.add("/web", Location.CLASSPATH);
        }
        c.requestLogger.http((ctx, ms) -> REQUESTS.atInfo().addKeyValue("method", ctx.method().name())
                .addKeyValue("path", ctx.path()).addKeyValue("status", ctx.status().getCode())
                .addKeyValue("latency_ms", Math.round(ms * 1000) / 1000.0).log("request"));
        c.routes.before("/v1/*", ctx -> {
            boolean admin = ctx.path().startsWith("/v1/admin/");
            if (ctx.method() == HandlerType.POST
                    && !authorized(admin ? config.adminKey() : config.apiKey(), ctx.header("X-API-Key"))) {
                throw new ApiException(401, "this endpoint needs the header X-API-Key with the service's "
                        + (admin ? "admin" : "API") + " key");
            }
        });
        c.routes.get("/health", ctx -> Responses.json(ctx, 200, Map.of("status", "ok")));
        c.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        api.register(c.routes);
        c.routes.exception(ApiException.class, (e, ctx) -> Responses.error(ctx, e.status(), e.getMessage()));
        c.routes.exception(HttpResponseException.class, (e, ctx) -> Responses.error(ctx, e.getStatus(),
                e.getMessage() == null || e.getMessage().isEmpty() ? "request refused" : e.getMessage()));
        c.routes.exception(IllegalArgumentException.class, (e, ctx) -> Responses.error(ctx, 400, e.getMessage()));
        c.routes.exception(StoreException.class, (e, ctx) -> {
            LOG.error("store failure on {} {}", ctx.method(), ctx.path(), e);
            Responses.error(ctx, 503, "the feedback store is unavailable; try again");
        });
        c.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
            Responses.error(ctx, 500, "internal error (logged on the server)");
        });
        c.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                Responses.error(ctx, 404, "no such endpoint or file: " + Requests.shorten(ctx.path()));
            }
        });
    }

    private static boolean authorized(String key, String given) {
        return key == null || given != null && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] resource(String name) {
        try (InputStream in = ThawServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** True when the user's adaptation to their current ratings is cached (for tests of the background adaptation). */
    boolean isPrepared(String user) {
        return api.isPrepared(user);
    }

    /** The version of the model being served. */
    public String modelVersion() {
        return api.current().version();
    }

    /** Stops accepting requests, lets in-flight ones finish (up to 5 s), stops background adaptations and closes the store. */
    @Override
    public void close() {
        app.stop();
        api.close();
        store.close();
        LOG.info("thaw service stopped");
    }
}
