package dev.thaw.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file replacement: content goes to a temporary file beside the target, is forced to disk,
 * and is renamed over the target, so readers see the old file or the new one, never a partial one.
 */
final class AtomicFiles {
    /** Writes a file's content to a channel. */
    @FunctionalInterface
    interface ChannelWriter {
        void writeTo(WritableByteChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code target} with what {@code body} writes; on any failure the target is left untouched. */
    static void write(Path target, ChannelWriter body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = createSibling(target, ".tmp-");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                body.writeTo(ch);
                ch.force(true);
            }
            move(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(tmp, e);
            throw e;
        }
        fsyncDirectory(dir);
    }

    /** Replaces {@code target} with {@code bytes}. */
    static void write(Path target, byte[] bytes) throws IOException {
        write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /** Writes every remaining byte of {@code buf}. */
    static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Renames atomically where the file system can, else with a plain replacing move. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forces a directory's entries (a rename) to disk; a no-op where the platform cannot open directories. */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Windows and some file systems cannot open or sync a directory: the rename is all we can do.
        }
    }

    /** A fresh sibling path {@code .NAME<infix><random>} that does not exist yet. */
    static Path siblingName(Path target, String infix) {
        Path abs = target.toAbsolutePath();
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        return abs.resolveSibling("." + abs.getFileName() + infix + random);
    }

    /** Creates an empty sibling file with default permissions (unlike {@link Files#createTempFile}'s 0600). */
    private static Path createSibling(Path target, String infix) throws IOException {
        while (true) {
            try {
                return Files.createFile(siblingName(target, infix));
            } catch (FileAlreadyExistsException e) {
                // name clash with another writer: draw again
            }
        }
    }

    private static void deleteQuietly(Path tmp, Throwable primary) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
