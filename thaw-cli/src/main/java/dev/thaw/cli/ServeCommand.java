package dev.thaw.cli;

import dev.thaw.service.ServiceConfig;
import dev.thaw.service.ThawServer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thaw serve}: the HTTP service, until SIGTERM or Ctrl-C (graceful shutdown). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve cold-start recommendations over HTTP: onboarding page at /, JSON API under /v1,",
                "OpenAPI description at /openapi.json (see docs/service.md). Logs are JSON lines on stdout."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A model folder written by 'thaw demo' or 'thaw melu train' (RUN/model).")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--store", defaultValue = "sqlite:thaw-feedback.db", paramLabel = "URL",
            description = {"Feedback store: sqlite:<file> or jdbc:postgresql://host:port/db (default ${DEFAULT-VALUE}).",
                    "PostgreSQL credentials: in the URL or THAW_STORE_USER / THAW_STORE_PASSWORD."})
    String store;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:THAW_API_KEY}",
            description = "Key that write endpoints require in the X-API-Key header (default $THAW_API_KEY).")
    String apiKey;

    @Option(names = "--admin-key", paramLabel = "KEY", defaultValue = "${env:THAW_ADMIN_KEY}",
            description = {"Key for POST /v1/admin/model (default $THAW_ADMIN_KEY, else the API key): give one",
                    "that the onboarding page's users never see."})
    String adminKey;

    @Option(names = "--no-auth", description = "Accept writes without a key: for local demos only.")
    boolean noAuth;

    @Option(names = "--max-body", defaultValue = "" + ServiceConfig.DEFAULT_MAX_BODY, paramLabel = "BYTES",
            description = "Largest request body accepted (default ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--cache-users", defaultValue = "" + ServiceConfig.DEFAULT_CACHE_SIZE, paramLabel = "N",
            description = "Users whose adapted scores are cached (default ${DEFAULT-VALUE}).")
    int cacheUsers;

    @Override
    public Integer call() throws Exception {
        boolean hasKey = apiKey != null && !apiKey.isEmpty();
        if (hasKey == noAuth) {
            throw new IllegalArgumentException(noAuth ? "--no-auth and an API key exclude each other"
                    : "give --api-key KEY (or set THAW_API_KEY), or --no-auth for a local demo");
        }
        useJsonLogs();
        String writeKey = noAuth ? null : apiKey;
        ServiceConfig config = new ServiceConfig(host, port, model, store, System.getenv("THAW_STORE_USER"),
                System.getenv("THAW_STORE_PASSWORD"), writeKey, adminKeyOr(writeKey), maxBody, cacheUsers);
        ThawServer server = ThawServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "thaw-serve-shutdown"));
        System.err.println("thaw: serving model " + server.modelVersion() + " on http://" + host + ":" + server.port()
                + "/" + (noAuth ? " (writes need no key: --no-auth)" : ""));
        stopped.await();
        return 0;
    }

    private String adminKeyOr(String fallback) {
        return adminKey != null && !adminKey.isEmpty() ? adminKey : fallback;
    }

    /** Switches Log4j to the service's JSON-lines configuration (other commands keep the default). */
    private static void useJsonLogs() throws URISyntaxException {
        Configurator.reconfigure(ThawServer.class.getResource("/thaw-service-log4j2.xml").toURI());
    }
}
