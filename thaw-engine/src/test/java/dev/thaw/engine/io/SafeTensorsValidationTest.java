package dev.thaw.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thaw.engine.DType;
import dev.thaw.engine.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a file can be broken is reported in one line that names the file and the problem. */
class SafeTensorsValidationTest {
    @TempDir
    Path dir;

    @Test
    void fileShorterThanTheLengthPrefix() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[] {1, 2, 3});
        assertFails(file, "file is 3 bytes, too short for the 8-byte header length");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        Path file = Files.write(dir.resolve("f"), concat(u64(1000), "{}".getBytes(StandardCharsets.UTF_8)));
        assertFails(file, "header length 1000 runs past the end of the 10-byte file");
    }

    @Test
    void headerLengthThatIsNegativeAsASignedLong() throws IOException {
        Path file = Files.write(dir.resolve("f"), concat(u64(-1), new byte[8]));
        assertFails(file, "header length 18446744073709551615 runs past the end of the 16-byte file");
    }

    @Test
    void malformedJson() throws IOException {
        Path file = withHeader("{\"a\": {\"dtype\": \"F32\",", 0);
        String message = failure(file);
        assertStartsWith(file + ": header is not valid JSON: Unexpected end-of-input", message);
        assertEquals(1, message.lines().count());
    }

    @Test
    void duplicateKeysAreMalformed() throws IOException {
        String entry = "{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}";
        Path file = withHeader("{\"a\":" + entry + ",\"a\":" + entry + "}", 4);
        assertStartsWith(file + ": header is not valid JSON: Duplicate field 'a'", failure(file));
    }

    @Test
    void headerThatIsNotAnObject() throws IOException {
        assertFails(withHeader("[1, 2]", 0), "header is not a JSON object");
    }

    @Test
    void unknownDtype() throws IOException {
        assertFails(withHeader(tensor("a", "BF16", "[2]", 0, 4), 4),
                "tensor 'a': unsupported safetensors dtype 'BF16' (Thaw reads F32 and F64)");
    }

    @Test
    void negativeDimension() throws IOException {
        assertFails(withHeader(tensor("a", "F32", "[2,-1]", 0, 0), 0),
                "tensor 'a': shape [2,-1] is not a list of non-negative integers");
    }

    @Test
    void nonIntegerDimension() throws IOException {
        assertFails(withHeader(tensor("a", "F32", "[2.5]", 0, 8), 8),
                "tensor 'a': shape [2.5] is not a list of non-negative integers");
    }

    @Test
    void missingField() throws IOException {
        assertFails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "tensor 'a': missing \"data_offsets\"");
    }

    @Test
    void offsetsThatAreNotAnOrderedPair() throws IOException {
        assertFails(withHeader(tensor("a", "F32", "[1]", 8, 4), 8),
                "tensor 'a': data_offsets [8,4] is not a [begin, end] pair of integers with 0 <= begin <= end");
    }

    @Test
    void offsetsThatDoNotMatchTheShape() throws IOException {
        assertFails(withHeader(tensor("a", "F32", "[2,2]", 0, 12), 12),
                "tensor 'a': data_offsets [0,12] span 12 bytes but F32[2, 2] needs 16");
    }

    @Test
    void unalignedOffsets() throws IOException {
        assertFails(withHeader(tensor("a", "F32", "[1]", 2, 6), 6),
                "tensor 'a': data_offsets [2,6] start at 2, not a multiple of the 4-byte F32 element (unaligned)");
    }

    @Test
    void overlappingOffsets() throws IOException {
        String header = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}";
        assertFails(withHeader(header, 12), "tensor 'b': data_offsets [4,12] overlap the previous tensor, which ends at 8");
    }

    @Test
    void gapBetweenTensors() throws IOException {
        String header = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}";
        assertFails(withHeader(header, 12),
                "tensor 'b': data_offsets [8,12] leave a gap of 4 bytes after the previous tensor, which ends at 4");
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        assertFails(withHeader(tensor("a", "F32", "[2]", 0, 8), 4),
                "tensor 'a': data_offsets [0,8] run past the end of the 4-byte data buffer (file truncated?)");
    }

    @Test
    void truncatedData() throws IOException {
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.of(new float[] {1, 2, 3}, 3)));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
        assertFails(file, "tensor 'w': data_offsets [0,12] run past the end of the 11-byte data buffer (file truncated?)");
    }

    @Test
    void trailingBytes() throws IOException {
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.of(new float[] {1, 2, 3}, 3)));
        Files.write(file, concat(Files.readAllBytes(file), new byte[4]));
        assertFails(file, "4 trailing bytes after the last tensor's data (tensors cover 12 of 16 data bytes)");
    }

    @Test
    void metadataWithANonStringValue() throws IOException {
        assertFails(withHeader("{\"__metadata__\":{\"epoch\":3}}", 0), "__metadata__ value for 'epoch' is not a string");
    }

    @Test
    void missingFile() {
        assertFails(dir.resolve("absent.safetensors"), "no such file");
    }

    @Test
    void expectedSpecMatches() throws IOException {
        Map<String, Tensor> tensors = model();
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, tensors);
        assertEquals(tensors.keySet(), SafeTensors.read(file, TensorSpec.ofAll(tensors)).tensors().keySet());
    }

    @Test
    void expectedSpecMismatchListsEveryDifference() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, model());
        Map<String, TensorSpec> expected = new LinkedHashMap<>();
        expected.put("w1", new TensorSpec(DType.FLOAT32, new int[] {64, 128}));
        expected.put("b1", new TensorSpec(DType.FLOAT64, new int[] {64}));
        expected.put("w2", new TensorSpec(DType.FLOAT32, new int[] {1, 64}));

        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file, expected));

        assertEquals(file + ": tensors do not match the expected spec: missing [w2]; unexpected [emb]; "
                + "'w1' is F32[64, 256], expected F32[64, 128]; 'b1' is F32[64], expected F64[64]", e.getMessage());
        assertEquals(file, e.file());
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Tensor> model() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("emb", Tensor.zeros(DType.FLOAT32, 100, 32));
        tensors.put("w1", Tensor.zeros(DType.FLOAT32, 64, 256));
        tensors.put("b1", Tensor.zeros(DType.FLOAT32, 64));
        return tensors;
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "{" + entry(name, dtype, shape, begin, end) + "}";
    }

    /** A file with this header text (unpadded) and {@code dataBytes} zero bytes of data. */
    private Path withHeader(String json, int dataBytes) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return Files.write(dir.resolve("f.safetensors"), concat(u64(header.length), header, new byte[dataBytes]));
    }

    private static byte[] u64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        return out.toByteArray();
    }

    private static String failure(Path file) {
        return assertThrows(CheckpointException.class, () -> SafeTensors.read(file)).getMessage();
    }

    private static void assertFails(Path file, String problem) {
        assertEquals(file + ": " + problem, failure(file));
    }

    private static void assertStartsWith(String prefix, String actual) {
        assertEquals(prefix, actual.substring(0, Math.min(prefix.length(), actual.length())), actual);
    }
}
