package dev.thaw.engine.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.thaw.engine.DType;
import dev.thaw.engine.Shapes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: each tensor's dtype, shape and byte range in the data buffer,
 * plus optional string metadata. Builds the header for a write and parses and validates one on read.
 */
record SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {
    /** The largest header accepted, as in the reference implementation. */
    static final long MAX_BYTES = 100_000_000L;
    /** The reserved key that holds the metadata map. */
    static final String METADATA_KEY = "__metadata__";

    /** One tensor: its dtype and shape and its byte range [begin, end) in the data buffer. */
    record Entry(String name, DType dtype, int[] shape, long begin, long end) {
        TensorSpec spec() {
            return new TensorSpec(dtype, shape);
        }

        int elementCount() {
            return (int) ((end - begin) / dtype.bytes());
        }

        String offsets() {
            return "[" + begin + "," + end + "]";
        }
    }

    SafeTensorsHeader {
        entries = List.copyOf(entries);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    // ---------------------------------------------------------------- writing

    /**
     * Lays tensors out back to back in map order, wider dtypes first (float64 before float32, as the Python
     * library does), so that every tensor starts at a multiple of its element size.
     */
    static SafeTensorsHeader layout(Map<String, TensorSpec> specs, Map<String, String> metadata) {
        List<Map.Entry<String, TensorSpec>> ordered = new ArrayList<>(specs.entrySet());
        ordered.sort(Comparator.comparingInt((Map.Entry<String, TensorSpec> e) -> -e.getValue().dtype().bytes()));
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, TensorSpec> e : ordered) {
            TensorSpec spec = e.getValue();
            long bytes = (long) Shapes.size(spec.shape()) * spec.dtype().bytes();
            entries.add(new Entry(e.getKey(), spec.dtype(), spec.shape(), offset, offset + bytes));
            offset += bytes;
        }
        return new SafeTensorsHeader(entries, metadata);
    }

    /** Total bytes of tensor data that follow the header. */
    long dataLength() {
        return entries.stream().mapToLong(Entry::end).max().orElse(0);
    }

    /** Compact UTF-8 JSON, metadata first, padded with spaces to a multiple of 8 bytes. */
    byte[] encode() throws JsonProcessingException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        for (Entry e : entries) {
            ObjectNode t = root.putObject(e.name());
            t.put("dtype", e.dtype().safetensorsName());
            ArrayNode shape = t.putArray("shape");
            Arrays.stream(e.shape()).forEach(shape::add);
            t.putArray("data_offsets").add(e.begin()).add(e.end());
        }
        byte[] json = Json.MAPPER.writeValueAsBytes(root);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) & ~7);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Parses a header and checks it against a data buffer of {@code dataLength} bytes: known dtypes,
     * non-negative integer shapes, offsets that match each shape and tile the buffer exactly.
     */
    static SafeTensorsHeader parse(Path file, byte[] json, long dataLength) throws CheckpointException {
        JsonNode root = readTree(file, json);
        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                entries.add(parseEntry(file, field.getKey(), field.getValue(), dataLength));
            }
        }
        checkTiling(file, entries, dataLength);
        return new SafeTensorsHeader(entries, metadata);
    }

    private static JsonNode readTree(Path file, byte[] json) throws CheckpointException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "header is not valid JSON: " + Json.describe(e), e);
        } catch (IOException e) {
            throw new CheckpointException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "header is not a JSON object");
        }
        return root;
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) throws CheckpointException {
        if (!node.isObject()) {
            throw new CheckpointException(file, METADATA_KEY + " is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(file, METADATA_KEY + " value for '" + e.getKey() + "' is not a string");
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
        return metadata;
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataLength) throws CheckpointException {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw new CheckpointException(file, where + ": entry is not a JSON object");
        }
        DType dtype = parseDType(file, where, field(file, where, node, "dtype"));
        int[] shape = parseShape(file, where, field(file, where, node, "shape"));
        long[] offsets = parseOffsets(file, where, field(file, where, node, "data_offsets"));
        Entry entry = new Entry(name, dtype, shape, offsets[0], offsets[1]);
        checkRange(file, where, entry, (long) elementCount(file, where, shape) * dtype.bytes(), dataLength);
        return entry;
    }

    private static JsonNode field(Path file, String where, JsonNode node, String key) throws CheckpointException {
        JsonNode value = node.get(key);
        if (value == null) {
            throw new CheckpointException(file, where + ": missing \"" + key + "\"");
        }
        return value;
    }

    private static DType parseDType(Path file, String where, JsonNode node) throws CheckpointException {
        if (!node.isTextual()) {
            throw new CheckpointException(file, where + ": dtype " + node + " is not a string");
        }
        try {
            return DType.fromSafetensorsName(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, where + ": " + e.getMessage());
        }
    }

    private static int[] parseShape(Path file, String where, JsonNode node) throws CheckpointException {
        if (!node.isArray()) {
            throw new CheckpointException(file, where + ": shape " + node + " is not an array");
        }
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
                throw new CheckpointException(file, where + ": shape " + node + " is not a list of non-negative integers");
            }
            shape[i] = d.intValue();
        }
        return shape;
    }

    private static long[] parseOffsets(Path file, String where, JsonNode node) throws CheckpointException {
        boolean ok = node.isArray() && node.size() == 2;
        for (int i = 0; ok && i < 2; i++) {
            JsonNode v = node.get(i);
            ok = v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= 0;
        }
        if (!ok || node.get(0).longValue() > node.get(1).longValue()) {
            throw new CheckpointException(file, where + ": data_offsets " + node + " is not a [begin, end] pair of integers with 0 <= begin <= end");
        }
        return new long[] {node.get(0).longValue(), node.get(1).longValue()};
    }

    private static int elementCount(Path file, String where, int[] shape) throws CheckpointException {
        if (Arrays.stream(shape).anyMatch(d -> d == 0)) {
            return 0;
        }
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new CheckpointException(file, where + ": shape " + Arrays.toString(shape)
                        + " has more elements than a Java array holds");
            }
        }
        return (int) n;
    }

    private static void checkRange(Path file, String where, Entry e, long needed, long dataLength) throws CheckpointException {
        long span = e.end() - e.begin();
        if (span != needed) {
            throw new CheckpointException(file, where + ": data_offsets " + e.offsets() + " span " + span + " bytes but "
                    + e.spec() + " needs " + needed);
        }
        if (e.begin() % e.dtype().bytes() != 0) {
            throw new CheckpointException(file, where + ": data_offsets " + e.offsets() + " start at " + e.begin()
                    + ", not a multiple of the " + e.dtype().bytes() + "-byte " + e.dtype().safetensorsName() + " element (unaligned)");
        }
        if (e.end() > dataLength) {
            throw new CheckpointException(file, where + ": data_offsets " + e.offsets() + " run past the end of the "
                    + dataLength + "-byte data buffer (file truncated?)");
        }
    }

    /** The byte ranges must cover the data buffer exactly: no gap, no overlap, nothing after the last tensor. */
    private static void checkTiling(Path file, List<Entry> entries, long dataLength) throws CheckpointException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        for (Entry e : byOffset) {
            if (e.begin() > covered) {
                throw new CheckpointException(file, "tensor '" + e.name() + "': data_offsets " + e.offsets()
                        + " leave a gap of " + (e.begin() - covered) + " bytes after the previous tensor, which ends at " + covered);
            }
            if (e.begin() < covered) {
                throw new CheckpointException(file, "tensor '" + e.name() + "': data_offsets " + e.offsets()
                        + " overlap the previous tensor, which ends at " + covered);
            }
            covered = e.end();
        }
        if (covered < dataLength) {
            throw new CheckpointException(file, (dataLength - covered) + " trailing bytes after the last tensor's data (tensors cover "
                    + covered + " of " + dataLength + " data bytes)");
        }
    }
}
