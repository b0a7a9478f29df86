package dev.thaw.data.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a text file (gzipped or not) line by line with 1-based line numbers. Lines end at LF, CRLF
 * or a bare CR; a leading UTF-8 byte-order mark is dropped. Each line is decoded strictly: bytes
 * invalid in the expected charset are an {@link Problem#INVALID_ENCODING} error for that line.
 */
final class TextLines implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final String file;
    private final DataFiles.HashingStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipLineFeed;
    private long lineNumber;
    private String sha256;

    private TextLines(Path path, Charset charset) {
        this.file = path.toString();
        this.in = DataFiles.open(path);
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Opens a file; refuses UTF-16/32 content (detected by its byte-order mark) unless that is the charset. */
    static TextLines open(Path path, Charset charset) {
        TextLines lines = new TextLines(path, charset);
        lines.refuseForeignByteOrderMark();
        return lines;
    }

    /** The file as the user named it. */
    String file() {
        return file;
    }

    /** Number of the line last returned by {@link #next()}. */
    long lineNumber() {
        return lineNumber;
    }

    /** An error about the line last returned. */
    DataFormatException error(Problem problem, String detail) {
        return new DataFormatException(file, lineNumber, problem, detail);
    }

    /** An error about the whole file. */
    DataFormatException fileError(Problem problem, String detail) {
        return new DataFormatException(file, 0, problem, detail);
    }

    /**
     * The next line without its terminator, or null at the end. A line with invalid bytes is
     * consumed and reported as an {@link Problem#INVALID_ENCODING} error (skippable).
     */
    String next() {
        if (skipLineFeed) {
            skipLineFeed = false;
            if (available(1) && buf[pos] == '\n') {
                pos++;
            }
        }
        int scanned = 0;
        while (true) {
            for (int i = pos + scanned; i < limit; i++) {
                byte b = buf[i];
                if (b == '\n' || b == '\r') {
                    int start = pos;
                    pos = i + 1;
                    skipLineFeed = b == '\r';
                    return decode(start, i);
                }
            }
            scanned = limit - pos;
            if (!fill()) {
                if (pos == limit) {
                    return null;
                }
                int start = pos;
                pos = limit;
                return decode(start, limit);
            }
        }
    }

    /**
     * Calls {@code row} for every non-blank line after the current one; a row that throws a
     * {@link DataFormatException} is skipped and counted or rethrown as {@code report} decides.
     * Fails with {@link Problem#EMPTY_FILE} when there is no non-blank line at all.
     */
    void forEachRow(ReadReport.Builder report, Consumer<String> row) {
        boolean any = false;
        for (String line; (line = nextOrSkip(report)) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            any = true;
            try {
                row.accept(line);
                report.kept();
            } catch (DataFormatException e) {
                report.skipOrThrow(e);
            }
        }
        if (!any) {
            throw fileError(Problem.EMPTY_FILE, lineNumber == 0
                    ? "the file is empty" : "the file has no data rows in its " + lineNumber + " line(s)");
        }
    }

    /** The next line, or the one after when this one's encoding error is skipped. Empty string for skipped lines. */
    private String nextOrSkip(ReadReport.Builder report) {
        try {
            return next();
        } catch (DataFormatException e) {
            if (e.problem() != Problem.INVALID_ENCODING) {
                throw e;
            }
            report.skipOrThrow(e);
            return "";
        }
    }

    /** Hex SHA-256 of the raw file; reads what is left of it. */
    String sha256() {
        if (sha256 == null) {
            try {
                sha256 = in.sha256();
            } catch (IOException e) {
                throw fileError(Problem.CORRUPT_FILE, "cannot read the file: " + e.getMessage());
            }
        }
        return sha256;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String decode(int start, int end) {
        lineNumber++;
        if (lineNumber == 1 && startsWithUtf8Bom(start, end)) {
            start += 3;
        }
        int firstNonAscii = firstNonAscii(start, end);
        if (firstNonAscii == end || charset.equals(StandardCharsets.ISO_8859_1)) {
            return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        }
        ByteBuffer bytes = ByteBuffer.wrap(buf, start, end - start);
        try {
            return decoder.reset().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            int column = bytes.position() - start + 1;
            throw error(Problem.INVALID_ENCODING, String.format(
                    "invalid %s: byte 0x%02X at byte column %d", charset.name(), buf[bytes.position()] & 0xff,
                    column));
        }
    }

    private int firstNonAscii(int start, int end) {
        for (int i = start; i < end; i++) {
            if (buf[i] < 0) {
                return i;
            }
        }
        return end;
    }

    private boolean startsWithUtf8Bom(int start, int end) {
        return end - start >= 3 && buf[start] == (byte) 0xEF && buf[start + 1] == (byte) 0xBB
                && buf[start + 2] == (byte) 0xBF;
    }

    private void refuseForeignByteOrderMark() {
        if (charset.name().startsWith("UTF-16") || charset.name().startsWith("UTF-32") || !available(2)) {
            return;
        }
        int b0 = buf[pos] & 0xff;
        int b1 = buf[pos + 1] & 0xff;
        if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
            close();
            throw fileError(Problem.INVALID_ENCODING, String.format(
                    "the file starts with a UTF-16 byte-order mark (0x%02X 0x%02X); expected %s text",
                    b0, b1, charset.name()));
        }
    }

    /** True when at least n unread bytes are buffered, filling as needed. */
    private boolean available(int n) {
        while (limit - pos < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more bytes after the unread ones; false at the end of the content. */
    private boolean fill() {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
            return true;
        } catch (IOException e) {
            throw new DataFormatException(file, lineNumber + 1, Problem.CORRUPT_FILE,
                    "the data ends abruptly or is corrupt (" + e.getMessage() + "); is the gzip file truncated?");
        }
    }
}
