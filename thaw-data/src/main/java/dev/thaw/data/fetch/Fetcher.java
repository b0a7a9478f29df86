package dev.thaw.data.fetch;

import dev.thaw.data.fetch.CatalogueEntry.Download;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Downloads a {@link CatalogueEntry} into a directory: fetches each file over HTTP(S), checks its
 * published checksum, unpacks zip archives, checks the unpacked files, and only then moves the
 * finished folder into place in one rename, so a failed fetch never leaves a half-written folder.
 * Without network it fails within the connect timeout, saying which files to put where by hand.
 */
public final class Fetcher {
    private final HttpClient http;
    private final Duration timeout;

    /** A fetcher whose connections give up after {@code connectTimeout}. */
    public Fetcher(Duration connectTimeout) {
        this.timeout = connectTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Installs the entry as {@code into/<folder>} and returns that folder; an existing complete copy is kept. */
    public Path fetch(CatalogueEntry entry, Path into) {
        Path target = into.resolve(entry.folder());
        if (Files.isDirectory(target)) {
            verifyInstalled(entry, target);
            return target;
        }
        Path staging = null;
        try {
            Files.createDirectories(into);
            staging = Files.createTempDirectory(into, "." + entry.folder() + ".partial-");
            for (Download d : entry.downloads()) {
                install(entry, d, staging, target);
            }
            verifyInstalled(entry, staging);
            moveIntoPlace(staging, target);
            staging = null;
            return target;
        } catch (IOException e) {
            throw new FetchException("cannot write " + target + ": " + e.getMessage());
        } finally {
            deleteQuietly(staging);
        }
    }

    /** Checks that every listed file exists in {@code dir} and has its known checksum. */
    public static void verifyInstalled(CatalogueEntry entry, Path dir) {
        for (Map.Entry<String, Optional<Checksum>> f : entry.installedFiles().entrySet()) {
            Path file = dir.resolve(f.getKey());
            if (!Files.isRegularFile(file)) {
                throw new FetchException(dir + " lacks " + f.getKey() + "; " + manualHint(entry, dir));
            }
            f.getValue().filter(c -> !c.matches(file)).ifPresent(c -> {
                throw new FetchException(file + " has " + c.algorithm() + " " + c.digest(file) + ", expected "
                        + c.hex() + "; the file is damaged or a different version");
            });
        }
    }

    private void install(CatalogueEntry entry, Download d, Path staging, Path target) throws IOException {
        Path downloaded = Files.createTempFile(staging, ".download-", ".part");
        try {
            download(entry, d, downloaded, target);
            d.checksum().filter(c -> !c.matches(downloaded)).ifPresent(c -> {
                throw new FetchException(d.url() + " has " + c.algorithm() + " " + c.digest(downloaded)
                        + ", expected " + c.hex() + "; the download is damaged or the publisher changed the file");
            });
            if (d.isZip()) {
                unzip(downloaded, staging, entry.folder());
            } else {
                Path file = staging.resolve(d.savedAs());
                Files.createDirectories(file.getParent());
                Files.move(downloaded, file);
            }
        } finally {
            Files.deleteIfExists(downloaded);
        }
    }

    private void download(CatalogueEntry entry, Download d, Path to, Path target) {
        HttpRequest request = HttpRequest.newBuilder(d.url()).timeout(timeout.multipliedBy(60)).GET().build();
        try {
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(to));
            if (response.statusCode() != 200) {
                throw new FetchException(d.url() + " answered HTTP " + response.statusCode() + "; "
                        + manualHint(entry, target));
            }
        } catch (IOException e) {
            throw new FetchException("cannot download " + d.url() + " (" + describe(e) + "); "
                    + manualHint(entry, target));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while downloading " + d.url());
        }
    }

    /** Unpacks a zip into {@code dir}, dropping a leading {@code folder/} from entry names. */
    private static void unzip(Path zip, Path dir, String folder) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                String name = e.getName().startsWith(folder + "/") ? e.getName().substring(folder.length() + 1)
                        : e.getName();
                Path out = dir.resolve(name).normalize();
                if (!out.startsWith(dir)) {
                    throw new FetchException(zip + " holds an entry outside its folder: " + e.getName());
                }
                if (e.isDirectory() || name.isEmpty()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
    }

    /** One line telling a user without network what to download and where to put it. */
    static String manualHint(CatalogueEntry entry, Path target) {
        return "without network access, get the files from " + entry.manualSource() + " and place them so that "
                + target + " holds " + String.join(", ", entry.installedFiles().keySet().stream().sorted().toList());
    }

    private static String describe(IOException e) {
        String why = e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage();
        Throwable cause = e.getCause();
        if (why.isEmpty() && cause != null && cause.getMessage() != null) {
            why = ": " + cause.getMessage();
        }
        return e.getClass().getSimpleName() + why;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the partial download " + dir, e);
        }
    }
}
