package dev.thaw.data.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** Locating data files (plain or gzipped) and opening them with transparent gunzip. */
public final class DataFiles {
    private static final int BUFFER = 1 << 16;

    private DataFiles() {
    }

    /**
     * The first of {@code names} that exists in {@code dir}, each tried as given and with {@code .gz}
     * appended; a {@link MissingFileException} listing what was tried when none exists.
     */
    public static Path require(Path dir, String... names) {
        return find(dir, names).orElseThrow(() -> new MissingFileException(
                "none of " + String.join(", ", candidates(names)) + " found in " + dir));
    }

    /** Like {@link #require} but empty when none exists. */
    public static Optional<Path> find(Path dir, String... names) {
        for (String name : candidates(names)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static List<String> candidates(String... names) {
        List<String> all = new ArrayList<>();
        for (String name : names) {
            all.add(name);
            all.add(name + ".gz");
        }
        return all;
    }

    /**
     * Opens a file for reading, gunzipping it when it starts with the gzip magic bytes (whatever its
     * name). The returned stream also computes the SHA-256 of the raw file bytes.
     */
    public static HashingStream open(Path path) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            InputStream raw = new BufferedInputStream(
                    new DigestInputStream(Files.newInputStream(path), sha), BUFFER);
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream content = gzip ? new GZIPInputStream(raw, BUFFER) : raw;
            return new HashingStream(content, raw, sha);
        } catch (NoSuchFileException e) {
            throw new MissingFileException("file not found: " + path);
        } catch (IOException e) {
            throw new DataFormatException(path.toString(), 0, Problem.CORRUPT_FILE,
                    "cannot read the file: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }

    /** SHA-256 (hex) of a file's raw bytes. */
    public static String sha256(Path path) {
        try (HashingStream in = open(path)) {
            return in.sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A decompressed content stream whose {@link #sha256()} is the digest of the raw file bytes,
     * complete once the content has been read to its end.
     */
    public static final class HashingStream extends FilterInputStream {
        private final InputStream raw;
        private final MessageDigest sha;

        HashingStream(InputStream content, InputStream raw, MessageDigest sha) {
            super(content);
            this.raw = raw;
            this.sha = sha;
        }

        /** Hex SHA-256 of the whole raw file: reads (and discards) any raw bytes not yet consumed. */
        public String sha256() throws IOException {
            raw.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
