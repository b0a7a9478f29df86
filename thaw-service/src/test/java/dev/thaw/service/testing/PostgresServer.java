package dev.thaw.service.testing;

import dev.thaw.data.Prerequisites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the Debian package's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}): a fresh cluster in a temporary folder, listening
 * on a free loopback port only, with a database and a password user for the code under test.
 * One server per JVM ({@link #shared()}), stopped and deleted when the JVM exits. PostgreSQL
 * refuses to run as root, so under root the server runs as the package's {@code postgres} user.
 * fsync is off: the tests check what the server stores, not that the disk survives a power cut.
 *
 * <p>Without the binaries, a test that asks for the server fails under {@code CI=true} and is
 * otherwise skipped with the reason logged (see {@link Prerequisites}); .ci/run installs them.
 */
public final class PostgresServer {
    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final String DATABASE = "thaw";
    private static final String USER = "thaw";
    private static final String SUPERUSER = "postgres";
    private static final long START_SECONDS = 60;

    private static PostgresServer shared;
    private static String unavailable;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final String password;

    private PostgresServer(Path bin, Path dir, int port, String password) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /**
     * The JVM's server, started on first use; a failed (CI) or skipped test when PostgreSQL is
     * not installed. A server that is installed but does not start is always a failure.
     */
    public static synchronized PostgresServer shared() {
        if (shared == null && unavailable == null) {
            Optional<Path> bin = binaries();
            if (bin.isEmpty()) {
                unavailable = "PostgreSQL server binaries not found under " + INSTALLATIONS
                        + "/<version>/bin (Debian: apt-get install postgresql)";
            } else {
                shared = start(bin.get());
                Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-stop"));
            }
        }
        if (shared == null) {
            Prerequisites.missing(Prerequisites.inCi(), "CI=true but " + unavailable, "skipped: " + unavailable);
        }
        return shared;
    }

    /** JDBC URL of the test database, e.g. {@code jdbc:postgresql://127.0.0.1:PORT/thaw}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The database owner the code under test connects as. */
    public String user() {
        return USER;
    }

    /** That user's password (random per server). */
    public String password() {
        return password;
    }

    /** A new connection to the test database as {@link #user()}. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, password);
    }

    /** The newest installed PostgreSQL's bin folder holding initdb and pg_ctl. */
    static Optional<Path> binaries() {
        if (!Files.isDirectory(INSTALLATIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + INSTALLATIONS, e);
        }
    }

    private static int majorVersion(Path bin) {
        String name = bin.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : -1;
    }

    private static PostgresServer start(Path bin) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("thaw-postgres-");
            String superPassword = randomPassword();
            Path passwordFile = Files.writeString(dir.resolve("superuser-password"), superPassword);
            giveToServerUser(dir);
            giveToServerUser(passwordFile);
            run(bin, "initdb", "-D", dir.resolve("data").toString(), "-U", SUPERUSER, "--auth=scram-sha-256",
                    "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale", "--no-sync");
            PostgresServer server = new PostgresServer(bin, dir, startOnFreePort(bin, dir), randomPassword());
            server.createDatabase(superPassword);
            return server;
        } catch (IOException e) {
            discard(dir);
            throw new UncheckedIOException("cannot start the test PostgreSQL server", e);
        } catch (RuntimeException e) {
            discard(dir);
            throw e;
        }
    }

    private static void discard(Path dir) {
        if (dir != null) {
            Folders.deleteRecursively(dir);
        }
    }

    /** Starts the cluster in {@code dir} on a free loopback port; retries when another process took the port first. */
    private static int startOnFreePort(Path bin, Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            try {
                run(bin, "pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                        "-w", "-t", String.valueOf(START_SECONDS), "-o",
                        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
                return port;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    Path log = dir.resolve("server.log");
                    throw new IllegalStateException(e.getMessage() + (Files.exists(log)
                            ? "\nserver log:\n" + Files.readString(log) : ""), e);
                }
            }
        }
    }

    private void createDatabase(String superPassword) {
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, SUPERUSER, superPassword);
             Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database on " + admin + ": " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            run(bin, "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } finally {
            Folders.deleteRecursively(dir);
        }
    }

    /** Runs a PostgreSQL program (as the server user when we are root); fails with its output. */
    private static void run(Path bin, String program, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(START_SECONDS + 10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + new String(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + program, e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveToServerUser(Path path) throws IOException {
        if (isRoot()) {
            UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            Files.setOwner(path, owner);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String randomPassword() {
        return Long.toHexString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE);
    }
}
