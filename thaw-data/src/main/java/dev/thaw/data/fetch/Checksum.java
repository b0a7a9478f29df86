package dev.thaw.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An expected digest of a file.
 *
 * @param algorithm a {@link MessageDigest} algorithm name: {@code SHA-256} or {@code MD5}
 * @param hex       the expected digest, lower-case hex
 */
public record Checksum(String algorithm, String hex) {
    /** A SHA-256 checksum. */
    public static Checksum sha256(String hex) {
        return new Checksum("SHA-256", hex);
    }

    /** An MD5 checksum (as GroupLens publishes for its archives). */
    public static Checksum md5(String hex) {
        return new Checksum("MD5", hex);
    }

    /** True when the file's digest is the expected one. */
    public boolean matches(Path file) {
        return hex.equalsIgnoreCase(digest(file));
    }

    /** The file's digest under this algorithm, lower-case hex. */
    public String digest(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance(algorithm))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown digest algorithm " + algorithm, e);
        }
    }
}
