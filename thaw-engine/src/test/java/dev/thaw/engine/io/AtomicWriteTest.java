package dev.thaw.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thaw.engine.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails part-way leaves the previous file byte-for-byte intact and no temporary file behind. */
class AtomicWriteTest {
    @TempDir
    Path dir;

    @Test
    void failureAfterPartOfTheBytesKeepsTheOldFile() throws IOException {
        Path target = dir.resolve("model.safetensors");
        SafeTensors.write(target, Map.of("w", Tensor.of(new float[] {1, 2}, 2)));
        byte[] before = Files.readAllBytes(target);

        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, ch -> {
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(new byte[100_000]));
            throw new IOException("No space left on device");
        }));

        assertEquals("No space left on device", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void tensorSourceThatThrowsWhileDataIsWrittenKeepsTheOldFile() throws IOException {
        Path target = dir.resolve("model.safetensors");
        SafeTensors.write(target, Map.of("w", Tensor.of(new float[] {1, 2}, 2)));
        byte[] before = Files.readAllBytes(target);
        Map<String, Tensor> failing = new LinkedHashMap<>() {
            @Override
            public Tensor get(Object name) { // the data pass fetches each tensor after the header is on disk
                if (name.equals("second")) {
                    throw new IllegalStateException("parameter server went away");
                }
                return super.get(name);
            }
        };
        failing.put("first", SafeTensorsTest.randomFloats(new java.util.Random(5), 50_000));
        failing.put("second", Tensor.of(new float[] {3}, 1));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SafeTensors.write(target, failing));

        assertEquals("parameter server went away", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void successfulWriteReplacesTheFileAndLeavesNothingElse() throws IOException {
        Path target = dir.resolve("model.safetensors");
        SafeTensors.write(target, Map.of("w", Tensor.of(new float[] {1, 2}, 2)));
        SafeTensors.write(target, Map.of("v", Tensor.of(new float[] {3}, 1)));

        assertEquals(List.of("v"), List.copyOf(SafeTensors.read(target).tensors().keySet()));
        assertEquals(List.of(target), listing());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
