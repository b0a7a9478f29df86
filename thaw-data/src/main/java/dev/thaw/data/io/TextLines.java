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
    private int lineStart;
    private int lineEnd;
    private String text;
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
        return advance() ? text() : null;
    }

    /** The text of the line last read; ASCII lines are decoded only when asked for. */
    String text() {
        if (text == null) {
            text = new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
        }
        return text;
    }

    /**
     * Parses the line last read as {@code out.length} fields of plain ASCII digits (no sign, space
     * or leading zero; 1 to 18 digits) joined by {@code separator}, without decoding it. False, with
     * {@code out} unspecified, when the line is anything else: the caller then takes the general path.
     */
    boolean digitFields(byte[] separator, long[] out) {
        if (text != null) {
            return false;
        }
        int i = lineStart;
        for (int k = 0; k < out.length; k++) {
            if (k > 0) {
                if (!separatorAt(i, separator)) {
                    return false;
                }
                i += separator.length;
            }
            int from = i;
            long value = 0;
            for (; i < lineEnd && buf[i] >= '0' && buf[i] <= '9'; i++) {
                value = value * 10 + (buf[i] - '0');
            }
            int digits = i - from;
            if (digits == 0 || digits > 18 || (digits > 1 && buf[from] == '0')) {
                return false;
            }
            out[k] = value;
        }
        return i == lineEnd;
    }

    /**
     * Calls {@code row} for every non-blank line after the current one ({@link #text()} or
     * {@link #digitFields} give its content); a row that throws a {@link DataFormatException} is
     * skipped and counted or rethrown as {@code report} decides. Fails with {@link Problem#EMPTY_FILE}
     * when there is no non-blank line at all.
     */
    void forEachRow(ReadReport.Builder report, Runnable row) {
        boolean any = false;
        while (advanceOrSkip(report)) {
            if (isBlank()) {
                continue;
            }
            any = true;
            try {
                row.run();
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

    /** Like {@link #advance}, but a line whose encoding error is skipped reads as blank. */
    private boolean advanceOrSkip(ReadReport.Builder report) {
        try {
            return advance();
        } catch (DataFormatException e) {
            if (e.problem() != Problem.INVALID_ENCODING) {
                throw e;
            }
            report.skipOrThrow(e);
            text = "";
            return true;
        }
    }

    /** Reads the bounds of the next line and checks its encoding; false at the end. */
    private boolean advance() {
        text = null;
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
                    startLine(start, i);
                    return true;
                }
            }
            scanned = limit - pos;
            if (!fill()) {
                if (pos == limit) {
                    return false;
                }
                int start = pos;
                pos = limit;
                startLine(start, limit);
                return true;
            }
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

    /** Makes bytes [start, end) the current line; decodes it now only when it is not plain ASCII. */
    private void startLine(int start, int end) {
        lineNumber++;
        if (lineNumber == 1 && startsWithUtf8Bom(start, end)) {
            start += 3;
        }
        lineStart = start;
        lineEnd = end;
        if (firstNonAscii(start, end) < end) {
            text = decode(start, end);
        }
    }

    private String decode(int start, int end) {
        if (charset.equals(StandardCharsets.ISO_8859_1)) {
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

    /** True when the current line is empty or whitespace only. */
    private boolean isBlank() {
        if (text != null) {
            return text.isBlank();
        }
        for (int i = lineStart; i < lineEnd; i++) {
            if (!Character.isWhitespace(buf[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean separatorAt(int i, byte[] separator) {
        if (i + separator.length > lineEnd) {
            return false;
        }
        for (int k = 0; k < separator.length; k++) {
            if (buf[i + k] != separator[k]) {
                return false;
            }
        }
        return true;
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
