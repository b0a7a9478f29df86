package dev.thaw.data.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.data.fetch.CatalogueEntry.Download;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline paths of {@link Fetcher}; no test here touches the internet. */
class FetcherTest {
    private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @TempDir
    Path into;

    @Test
    void closedPortFailsFastWithInstructionsAndLeavesNothingBehind() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertOfflineFailure(entry(URI.create("http://127.0.0.1:" + port + "/ml-1m.zip")));
    }

    @Test
    void unresolvableHostFailsFastWithInstructions() throws IOException {
        assertOfflineFailure(entry(URI.create("http://thaw-no-such-host.invalid/ml-1m.zip")));
    }

    @Test
    void anExistingCompleteFolderIsVerifiedNotDownloaded() throws IOException {
        Path folder = Files.createDirectories(into.resolve("tiny"));
        Files.writeString(folder.resolve("hello.txt"), "hello");
        assertEquals(folder, new Fetcher(Duration.ofSeconds(1)).fetch(entry(URI.create("http://127.0.0.1:9/x")), into));
    }

    @Test
    void aDamagedFileIsNamedWithBothDigests() throws IOException {
        Path folder = Files.createDirectories(into.resolve("tiny"));
        Files.writeString(folder.resolve("hello.txt"), "hullo");
        FetchException e = assertThrows(FetchException.class, () -> Fetcher.verifyInstalled(entry(URI.create("http://x/")), folder));
        assertTrue(e.getMessage().startsWith(folder.resolve("hello.txt") + " has SHA-256 "), e.getMessage());
        assertTrue(e.getMessage().contains("expected " + HELLO_SHA256), e.getMessage());
    }

    @Test
    void catalogueKnowsTheMovieLensArchivesAndTheAmazonPairs() {
        assertEquals(URI.create("https://files.grouplens.org/datasets/movielens/ml-1m.zip"),
                Catalogue.named("ml-1m").downloads().get(0).url());
        assertEquals(Optional.of(Checksum.md5("c4d9eecfca2ab87c1945afe126590906")),
                Catalogue.named("ml-1m").downloads().get(0).checksum());
        assertEquals(24, Catalogue.named("amazon-cdr").downloads().size());
        FetchException e = assertThrows(FetchException.class, () -> Catalogue.named("netflix"));
        assertEquals("unknown dataset 'netflix'; known: ml-100k, ml-1m, amazon-cdr", e.getMessage());
    }

    private void assertOfflineFailure(CatalogueEntry entry) throws IOException {
        long start = System.nanoTime();
        FetchException e = assertThrows(FetchException.class,
                () -> new Fetcher(Duration.ofSeconds(2)).fetch(entry, into));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "fails fast");
        assertTrue(e.getMessage().startsWith("cannot download " + entry.downloads().get(0).url() + " ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("without network access, get the files from https://example.org/tiny.zip"
                + " and place them so that " + into.resolve("tiny") + " holds hello.txt"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        try (Stream<Path> left = Files.list(into)) {
            assertEquals(List.of(), left.toList(), "no partial folder left");
        }
    }

    private static CatalogueEntry entry(URI url) {
        return new CatalogueEntry("tiny", "tiny", "a test dataset", List.of(new Download(url, "", Optional.empty())),
                Map.of("hello.txt", Optional.of(Checksum.sha256(HELLO_SHA256))), "https://example.org/tiny.zip");
    }
}
