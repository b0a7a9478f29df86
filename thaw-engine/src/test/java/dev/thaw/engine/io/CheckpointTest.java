package dev.thaw.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.thaw.engine.DType;
import dev.thaw.engine.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    record MeluConfig(int fields, int vocab, int embeddingDim, List<Integer> hidden, double innerLr) {
    }

    private static final MeluConfig CONFIG = new MeluConfig(8, 100, 32, List.of(64, 64), 0.01);
    private static final Map<String, Integer> VOCAB = Map.of("<unk>", 0, "drama", 1, "comedy", 2);

    @TempDir
    Path root;

    @Test
    void roundTripsTensorsConfigAndExtras() throws IOException {
        Path dir = root.resolve("melu");
        Checkpoint.of(model(1), CONFIG).withExtra("vocab.json", VOCAB).save(dir);

        Checkpoint loaded = Checkpoint.load(dir, TensorSpec.ofAll(model(1)));

        assertEquals(CONFIG, loaded.config(MeluConfig.class));
        assertEquals(VOCAB, loaded.extra("vocab.json", Map.class));
        assertEquals(List.of("vocab.json"), List.copyOf(loaded.extraNames()));
        assertEquals(List.copyOf(model(1).keySet()), List.copyOf(loaded.tensors().keySet()));
        model(1).forEach((name, t) -> assertArrayEquals(t.toFloatArray(), loaded.tensors().get(name).toFloatArray(), name));
        assertEquals(List.of(dir), listing(root));
    }

    @Test
    void configFileCarriesFormatVersionAndManifest() throws IOException {
        Path dir = root.resolve("melu");
        Checkpoint.of(model(1), CONFIG).save(dir);

        JsonNode config = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve(Checkpoint.CONFIG_FILE)));

        assertEquals(Checkpoint.FORMAT, config.get("format").asText());
        assertEquals(Checkpoint.FORMAT_VERSION, config.get("formatVersion").asInt());
        assertEquals(100, config.get("config").get("vocab").asInt());
        JsonNode model = config.get("files").get(Checkpoint.MODEL_FILE);
        assertEquals(Files.size(dir.resolve(Checkpoint.MODEL_FILE)), model.get("bytes").asLong());
        assertTrue(model.get("sha256").asText().matches("[0-9a-f]{64}"));
    }

    @Test
    void saveReplacesAnExistingCheckpointCompletely() throws IOException {
        Path dir = root.resolve("melu");
        Checkpoint.of(model(1), CONFIG).withExtra("vocab.json", VOCAB).save(dir);
        Checkpoint.of(model(2), Map.of("epoch", 2)).save(dir);

        Checkpoint loaded = Checkpoint.load(dir);

        assertEquals(2, loaded.config().get("epoch").asInt());
        assertEquals(List.of(), List.copyOf(loaded.extraNames()));
        assertArrayEquals(model(2).get("w1").toFloatArray(), loaded.tensors().get("w1").toFloatArray());
        assertEquals(List.of(dir), listing(root));
        assertEquals(false, Files.exists(dir.resolve("vocab.json")));
    }

    @Test
    void failedSaveLeavesThePreviousCheckpointIntact() throws IOException {
        Path dir = root.resolve("melu");
        Checkpoint.of(model(1), CONFIG).save(dir);
        Map<String, Tensor> bad = new LinkedHashMap<>(model(2));
        bad.put("__metadata__", Tensor.scalar(0f)); // rejected by the model writer, after staging began

        assertThrows(IllegalArgumentException.class, () -> Checkpoint.of(bad, CONFIG).save(dir));

        Checkpoint loaded = Checkpoint.load(dir);
        assertArrayEquals(model(1).get("w1").toFloatArray(), loaded.tensors().get("w1").toFloatArray());
        assertEquals(List.of(dir), listing(root));
    }

    @Test
    void refusesToReplaceADirectoryThatIsNotACheckpoint() throws IOException {
        Path dir = Files.createDirectory(root.resolve("home"));
        Files.writeString(dir.resolve("notes.txt"), "precious");

        IOException e = assertThrows(IOException.class, () -> Checkpoint.of(model(1), CONFIG).save(dir));

        assertEquals("refusing to replace " + dir + ": it is neither empty nor a Thaw checkpoint", e.getMessage());
        assertEquals("precious", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void flippedByteInTheModelIsReportedAsCorruption() throws IOException {
        Path dir = saved();
        Path model = dir.resolve(Checkpoint.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 1] ^= 1;
        Files.write(model, bytes);

        String message = loadFailure(dir);

        assertTrue(message.startsWith(model + ": SHA-256 "), message);
        assertTrue(message.endsWith(" (corrupted or replaced)"), message);
    }

    @Test
    void truncatedModelIsReported() throws IOException {
        Path dir = saved();
        Path model = dir.resolve(Checkpoint.MODEL_FILE);
        long size = Files.size(model);
        Files.write(model, Arrays.copyOf(Files.readAllBytes(model), (int) size - 4));

        assertEquals(model + ": is " + (size - 4) + " bytes, the manifest says " + size + " (truncated or replaced)",
                loadFailure(dir));
    }

    @Test
    void missingExtraFileIsReported() throws IOException {
        Path dir = saved();
        Files.delete(dir.resolve("vocab.json"));

        assertEquals(dir.resolve("vocab.json") + ": listed in the manifest but missing", loadFailure(dir));
    }

    @Test
    void malformedConfigIsReported() throws IOException {
        Path dir = saved();
        Path config = dir.resolve(Checkpoint.CONFIG_FILE);
        Files.writeString(config, "{\"format\": \"thaw-checkpoint\", ");

        assertTrue(loadFailure(dir).startsWith(config + ": not valid JSON: Unexpected end-of-input"));
    }

    @Test
    void newerFormatVersionIsRefused() throws IOException {
        Path dir = saved();
        Path config = dir.resolve(Checkpoint.CONFIG_FILE);
        Files.writeString(config, Files.readString(config).replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));

        assertEquals(config + ": format version 2 is newer than this build reads (1)", loadFailure(dir));
    }

    @Test
    void manifestCannotPointOutsideTheCheckpoint() throws IOException {
        Path dir = saved();
        Path config = dir.resolve(Checkpoint.CONFIG_FILE);
        Files.writeString(config, Files.readString(config).replace("\"vocab.json\"", "\"../vocab.json\""));

        assertEquals(config + ": manifest lists '../vocab.json', which is not a checkpoint file name", loadFailure(dir));
    }

    @Test
    void directoryWithoutConfigIsNotACheckpoint() throws IOException {
        Path dir = Files.createDirectory(root.resolve("empty"));
        assertEquals(dir + ": no config.json (not a Thaw checkpoint)", loadFailure(dir));
    }

    @Test
    void expectedSpecMismatchIsReported() throws IOException {
        Path dir = saved();
        Map<String, TensorSpec> expected = new LinkedHashMap<>(TensorSpec.ofAll(model(1)));
        expected.put("w1", new TensorSpec(DType.FLOAT32, new int[] {64, 128}));

        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(dir, expected));

        assertEquals(dir.resolve(Checkpoint.MODEL_FILE) + ": tensors do not match the expected spec: "
                + "'w1' is F32[64, 256], expected F32[64, 128]", e.getMessage());
    }

    @Test
    void crashBetweenTheTwoRenamesPointsAtThePreviousCopy() throws IOException {
        Path dir = saved();
        Path old = root.resolve(".melu.old-1234");
        Files.move(dir, old); // what a crash after the first rename of a replacing save leaves

        assertEquals(dir + ": no checkpoint directory here (an interrupted save left the previous checkpoint at " + old + ")",
                loadFailure(dir));
        assertEquals(CONFIG, Checkpoint.load(old).config(MeluConfig.class));
    }

    @Test
    void staleStagingDirectoryFromACrashIsIgnoredAndTheCheckpointStillLoads() throws IOException {
        Path dir = saved();
        Path staging = Files.createDirectory(root.resolve(".melu.tmp-99"));
        Files.write(staging.resolve(Checkpoint.MODEL_FILE), "partial".getBytes(StandardCharsets.UTF_8));

        assertEquals(CONFIG, Checkpoint.load(dir).config(MeluConfig.class));
    }

    // ---------------------------------------------------------------- helpers

    private Path saved() throws IOException {
        Path dir = root.resolve("melu");
        Checkpoint.of(model(1), CONFIG).withExtra("vocab.json", VOCAB).save(dir);
        return dir;
    }

    private static Map<String, Tensor> model(long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("emb", SafeTensorsTest.randomFloats(random, 100, 32));
        tensors.put("w1", SafeTensorsTest.randomFloats(random, 64, 256));
        tensors.put("b1", SafeTensorsTest.randomFloats(random, 64));
        return tensors;
    }

    private static String loadFailure(Path dir) {
        return assertThrows(CheckpointException.class, () -> Checkpoint.load(dir)).getMessage();
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
