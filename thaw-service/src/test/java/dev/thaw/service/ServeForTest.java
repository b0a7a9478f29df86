package dev.thaw.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Runs a server in its own JVM for {@link KillDurabilityTest}: {@code MODEL_DIR STORE_URL PORT_FILE}.
 * Writes the port it listens on to PORT_FILE (atomically) once it serves, then runs until killed.
 */
public final class ServeForTest {
    private ServeForTest() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        ThawServer server = ThawServer.start(ServiceConfig.local(0, Path.of(args[0]), args[1], KillDurabilityTest.KEY));
        Path portFile = Path.of(args[2]);
        Path partial = portFile.resolveSibling(portFile.getFileName() + ".partial");
        Files.writeString(partial, Integer.toString(server.port()));
        Files.move(partial, portFile, StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
