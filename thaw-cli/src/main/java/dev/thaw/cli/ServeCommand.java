package dev.thaw.cli;

import dev.thaw.service.ThawServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thaw serve}: the HTTP service, until SIGTERM or Ctrl-C (graceful shutdown). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve cold-start recommendations over HTTP (see docs/service.md).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on (default: ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws Exception {
        ThawServer server = ThawServer.start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "thaw-serve-shutdown"));
        System.err.println("thaw: serving on http://" + host + ":" + server.port() + "/");
        stopped.await();
        return 0;
    }
}
