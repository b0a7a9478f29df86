package dev.thaw.engine.io;

import dev.thaw.engine.DType;
import dev.thaw.engine.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes named tensors in the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, byte-compatible with the Python library and Hugging Face tools.
 *
 * <p>Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * ({@code {"__metadata__":{..}, "name":{"dtype":"F32","shape":[..],"data_offsets":[begin,end]}, ..}})
 * padded with spaces to a multiple of 8, then the tensors' little-endian bytes back to back, offsets
 * counted from the start of that buffer. Writes replace the file atomically; reads validate the whole
 * header against the file before any data is read and fail with a {@link CheckpointException}.
 */
public final class SafeTensors {
    private static final int CHUNK_BYTES = 1 << 16;

    /** What a file holds: tensors in header order and the metadata map (empty when absent). */
    public record Contents(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {
    }

    private SafeTensors() {
    }

    /** Writes tensors with no metadata; see {@link #write(Path, Map, Map)}. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Atomically replaces {@code file} with the tensors and metadata. Tensors are laid out in map order,
     * float64 ones before float32 ones (as the Python library orders them) so each is aligned to its
     * element size; the header lists them in that layout order.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        SafeTensorsHeader header = SafeTensorsHeader.layout(specs(tensors), metadata);
        byte[] json = header.encode();
        AtomicFiles.write(file, ch -> {
            AtomicFiles.writeFully(ch, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, json.length));
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(json));
            for (SafeTensorsHeader.Entry e : header.entries()) {
                writeData(ch, unchanged(tensors, e));
            }
        });
    }

    /** Reads and validates a whole file. */
    public static Contents read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads a file whose tensors must match {@code expected} exactly (same names, dtypes and shapes);
     * a mismatch is reported, listing every difference, before any tensor data is read.
     */
    public static Contents read(Path file, Map<String, TensorSpec> expected) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long headerLength = readHeaderLength(file, ch, size);
            byte[] json = readFully(file, ch, 8, (int) headerLength).array();
            SafeTensorsHeader header = SafeTensorsHeader.parse(file, json, size - 8 - headerLength);
            if (expected != null) {
                checkExpected(file, header, expected);
            }
            LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafeTensorsHeader.Entry e : header.entries()) {
                tensors.put(e.name(), readData(file, ch, 8 + headerLength, e));
            }
            return new Contents(tensors, header.metadata());
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file", e);
        }
    }

    // ---------------------------------------------------------------- writing

    private static Map<String, TensorSpec> specs(Map<String, Tensor> tensors) {
        Map<String, TensorSpec> specs = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getKey().equals(SafeTensorsHeader.METADATA_KEY) || e.getValue() == null) {
                throw new IllegalArgumentException("cannot write tensor named " + e.getKey() + " with value " + e.getValue()
                        + ": names must be non-null and not " + SafeTensorsHeader.METADATA_KEY + ", values non-null");
            }
            specs.put(e.getKey(), TensorSpec.of(e.getValue()));
        }
        return specs;
    }

    /** The tensor to write for a header entry, which must still have the dtype and shape the header promised. */
    private static Tensor unchanged(Map<String, Tensor> tensors, SafeTensorsHeader.Entry e) {
        Tensor t = tensors.get(e.name());
        if (t == null || !TensorSpec.of(t).equals(e.spec())) {
            throw new IllegalStateException("tensor '" + e.name() + "' changed while the file was being written");
        }
        return t;
    }

    private static void writeData(WritableByteChannel ch, Tensor t) throws IOException {
        int width = t.dtype().bytes();
        int perChunk = CHUNK_BYTES / width;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < t.size(); off += perChunk) {
            int count = Math.min(perChunk, t.size() - off);
            buf.clear();
            switch (t.dtype()) {
                case FLOAT32 -> buf.asFloatBuffer().put(t.floatStorage(), off, count);
                case FLOAT64 -> buf.asDoubleBuffer().put(t.doubleStorage(), off, count);
            }
            buf.limit(count * width);
            AtomicFiles.writeFully(ch, buf);
        }
    }

    // ---------------------------------------------------------------- reading

    private static long readHeaderLength(Path file, FileChannel ch, long size) throws IOException {
        if (size < 8) {
            throw new CheckpointException(file, "file is " + size + " bytes, too short for the 8-byte header length");
        }
        long n = readFully(file, ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 0 || n > size - 8) {
            throw new CheckpointException(file, "header length " + Long.toUnsignedString(n) + " runs past the end of the "
                    + size + "-byte file");
        }
        if (n > SafeTensorsHeader.MAX_BYTES) {
            throw new CheckpointException(file, "header length " + n + " exceeds the " + SafeTensorsHeader.MAX_BYTES + "-byte limit");
        }
        return n;
    }

    private static void checkExpected(Path file, SafeTensorsHeader header, Map<String, TensorSpec> expected)
            throws CheckpointException {
        Map<String, TensorSpec> found = new LinkedHashMap<>();
        header.entries().forEach(e -> found.put(e.name(), e.spec()));
        List<String> missing = new ArrayList<>(expected.keySet());
        missing.removeAll(found.keySet());
        List<String> unexpected = new ArrayList<>(found.keySet());
        unexpected.removeAll(expected.keySet());
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected " + unexpected);
        }
        expected.forEach((name, spec) -> {
            TensorSpec actual = found.get(name);
            if (actual != null && !actual.equals(spec)) {
                problems.add("'" + name + "' is " + actual + ", expected " + spec);
            }
        });
        if (!problems.isEmpty()) {
            throw new CheckpointException(file, "tensors do not match the expected spec: " + String.join("; ", problems));
        }
    }

    private static Tensor readData(Path file, FileChannel ch, long dataStart, SafeTensorsHeader.Entry e) throws IOException {
        int n = e.elementCount();
        int width = e.dtype().bytes();
        int perChunk = CHUNK_BYTES / width;
        float[] f = e.dtype() == DType.FLOAT32 ? new float[n] : null;
        double[] d = f == null ? new double[n] : null;
        for (int off = 0; off < n; off += perChunk) {
            int count = Math.min(perChunk, n - off);
            ByteBuffer buf = readFully(file, ch, dataStart + e.begin() + (long) off * width, count * width)
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (f != null) {
                buf.asFloatBuffer().get(f, off, count);
            } else {
                buf.asDoubleBuffer().get(d, off, count);
            }
        }
        return f != null ? Tensor.wrap(f, e.shape()) : Tensor.wrap(d, e.shape());
    }

    private static ByteBuffer readFully(Path file, FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new CheckpointException(file, "unexpected end of file at byte " + (position + buf.position())
                        + " (file truncated while being read?)");
            }
        }
        return buf.flip();
    }
}
