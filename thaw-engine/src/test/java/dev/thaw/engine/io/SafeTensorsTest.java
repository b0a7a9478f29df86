package dev.thaw.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thaw.engine.DType;
import dev.thaw.engine.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void float32TensorsOfEveryRankRoundTripBitExactly() throws IOException {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", Tensor.scalar(-0.0f));
        tensors.put("empty", Tensor.of(new float[0], 0));
        tensors.put("empty_matrix", Tensor.of(new float[0], 0, 3));
        tensors.put("special", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -1e-40f}, 4));
        tensors.put("embedding", randomFloats(new Random(1), 100, 32));
        tensors.put("cube", randomFloats(new Random(2), 2, 3, 4));
        tensors.put("large", randomFloats(new Random(3), 100_003)); // spans several 64 KiB chunks

        assertRoundTrip(tensors, Map.of());
    }

    @Test
    void float64TensorsAndMetadataRoundTrip() throws IOException {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", Tensor.scalar(Math.PI, DType.FLOAT64));
        tensors.put("empty", Tensor.of(new double[0], 4, 0));
        tensors.put("values", Tensor.of(new double[] {1e-300, -2.5, Double.NaN, Double.MAX_VALUE, 0.1, 7}, 2, 3));
        tensors.put("large", Tensor.of(new Random(4).doubles(9_000).toArray(), 9_000));

        assertRoundTrip(tensors, Map.of("format", "pt", "note", "ünïcode \"quoted\""));
    }

    @Test
    void writesExactlyTheBytesTheSpecPrescribes() throws IOException {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.of(new float[] {1.0f, -2.5f}, 2)));

        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"; // 54 bytes
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {56, 0, 0, 0, 0, 0, 0, 0}); // 54 padded to 56, u64 little-endian
        expected.write(json.getBytes(StandardCharsets.UTF_8));
        expected.write(new byte[] {' ', ' '});
        expected.write(new byte[] {0x00, 0x00, (byte) 0x80, 0x3F}); // 1.0f = 0x3F800000
        expected.write(new byte[] {0x00, 0x00, 0x20, (byte) 0xC0}); // -2.5f = 0xC0200000
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    /**
     * The fixture was written by the Python library (safetensors 0.8.0, numpy):
     * {@code save_file({"a": float32 [[1,2],[3,4]], "b": float32 0.5, "c": float32 zeros((0,3)),
     * "x": float64 [1.5,-2,1e-300]}, path, metadata={"format": "pt"})}.
     */
    @Test
    void readsAndReproducesAFileWrittenByThePythonLibrary() throws IOException {
        Path fixture = dir.resolve("python_written.safetensors");
        try (InputStream in = getClass().getResourceAsStream("/io/python_written.safetensors")) {
            Files.copy(in, fixture);
        }

        SafeTensors.Contents read = SafeTensors.read(fixture);

        assertEquals(List.of("x", "a", "b", "c"), List.copyOf(read.tensors().keySet()));
        assertEquals(Map.of("format", "pt"), read.metadata());
        assertArrayEquals(new double[] {1.5, -2.0, 1e-300}, read.tensors().get("x").toDoubleArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, read.tensors().get("a").toFloatArray());
        assertArrayEquals(new int[] {2, 2}, read.tensors().get("a").shape());
        assertArrayEquals(new int[0], read.tensors().get("b").shape());
        assertArrayEquals(new int[] {0, 3}, read.tensors().get("c").shape());

        LinkedHashMap<String, Tensor> sameInOurOrder = new LinkedHashMap<>();
        for (String name : List.of("a", "b", "c", "x")) {
            sameInOurOrder.put(name, read.tensors().get(name));
        }
        Path ours = dir.resolve("ours.safetensors");
        SafeTensors.write(ours, sameInOurOrder, read.metadata());
        assertArrayEquals(Files.readAllBytes(fixture), Files.readAllBytes(ours), "float64 first, then map order, as Python lays out");
    }

    @Test
    void rejectsTheReservedMetadataNameAsATensorName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(dir.resolve("x.safetensors"), Map.of("__metadata__", Tensor.scalar(1f))));
        assertTrue(e.getMessage().contains("not __metadata__"), e.getMessage());
    }

    private void assertRoundTrip(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, tensors, metadata);
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header is padded to a multiple of 8 bytes");

        SafeTensors.Contents read = SafeTensors.read(file, TensorSpec.ofAll(tensors));

        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
        assertEquals(metadata, read.metadata());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor got = read.tensors().get(e.getKey());
            assertEquals(TensorSpec.of(e.getValue()), TensorSpec.of(got), e.getKey());
            if (got.dtype() == DType.FLOAT32) {
                assertArrayEquals(e.getValue().toFloatArray(), got.toFloatArray(), e.getKey());
            } else {
                assertArrayEquals(e.getValue().toDoubleArray(), got.toDoubleArray(), e.getKey());
            }
        }
    }

    static Tensor randomFloats(Random random, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.wrap(data, shape);
    }
}
