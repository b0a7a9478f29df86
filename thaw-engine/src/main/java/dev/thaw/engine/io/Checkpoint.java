package dev.thaw.engine.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.thaw.engine.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model checkpoint: a directory holding {@value #MODEL_FILE} (the tensors), {@value #CONFIG_FILE} (the
 * configuration, the format version and a manifest) and optional extra JSON files such as vocabularies.
 *
 * <p><b>Atomic as a unit.</b> {@link #save} writes every file into a fresh hidden sibling directory
 * {@code .NAME.tmp-RANDOM}, forces each file and that directory to disk, and renames it to {@code NAME}.
 * A failure or crash before the rename leaves any previous checkpoint untouched. Replacing an existing
 * checkpoint takes two renames (old to {@code .NAME.old-RANDOM}, new to {@code NAME}) before the old copy
 * is deleted: a crash between them leaves no {@code NAME} but two complete copies, never a mix of old and
 * new files, and {@link #load} then points at the previous copy.
 *
 * <p><b>Verified on load.</b> {@value #CONFIG_FILE} is written last and lists the size and SHA-256 of
 * every other file; {@link #load} checks them, and the safetensors header, before trusting anything, so
 * truncated copies, bit rot and files swapped by hand are reported as a {@link CheckpointException}.
 */
public final class Checkpoint {
    /** The tensors file. */
    public static final String MODEL_FILE = "model.safetensors";
    /** The configuration and manifest file. */
    public static final String CONFIG_FILE = "config.json";
    /** The {@code format} value that marks a Thaw checkpoint's config file. */
    public static final String FORMAT = "thaw-checkpoint";
    /** The layout version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Hugging Face transformers refuses safetensors files whose metadata lacks a known format; ours is PyTorch's layout. */
    private static final Map<String, String> MODEL_METADATA = Map.of("format", "pt");
    private static final Pattern EXTRA_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*\\.json");

    private final LinkedHashMap<String, Tensor> tensors;
    private final JsonNode config;
    private final LinkedHashMap<String, JsonNode> extras;

    private Checkpoint(Map<String, Tensor> tensors, JsonNode config, Map<String, JsonNode> extras) {
        this.tensors = new LinkedHashMap<>(tensors);
        this.config = config.deepCopy();
        this.extras = new LinkedHashMap<>(extras);
    }

    /**
     * A checkpoint of named tensors (kept by reference, in map order) and a configuration: any value
     * Jackson can serialise, or a {@link JsonNode}.
     */
    public static Checkpoint of(Map<String, Tensor> tensors, Object config) {
        Objects.requireNonNull(config, "config");
        return new Checkpoint(tensors, Json.MAPPER.valueToTree(config), Map.of());
    }

    /** This checkpoint plus an extra JSON file such as {@code vocab.json}; the name must be a plain {@code *.json} name. */
    public Checkpoint withExtra(String fileName, Object value) {
        if (!EXTRA_NAME.matcher(fileName).matches() || fileName.equals(CONFIG_FILE)) {
            throw new IllegalArgumentException("extra file name '" + fileName + "' must match " + EXTRA_NAME
                    + " and not be " + CONFIG_FILE);
        }
        Map<String, JsonNode> more = new LinkedHashMap<>(extras);
        more.put(fileName, Json.MAPPER.valueToTree(value));
        return new Checkpoint(tensors, config, more);
    }

    /** The tensors, in file order (read-only view). */
    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** A copy of the configuration tree. */
    public JsonNode config() {
        return config.deepCopy();
    }

    /** The configuration bound to {@code type}; IllegalArgumentException when it does not fit. */
    public <T> T config(Class<T> type) {
        return Json.MAPPER.convertValue(config, type);
    }

    /** Names of the extra JSON files. */
    public Set<String> extraNames() {
        return Collections.unmodifiableSet(extras.keySet());
    }

    /** A copy of an extra file's JSON tree. */
    public JsonNode extra(String fileName) {
        JsonNode node = extras.get(fileName);
        if (node == null) {
            throw new NoSuchElementException("no extra file '" + fileName + "' in this checkpoint (has " + extras.keySet() + ")");
        }
        return node.deepCopy();
    }

    /** An extra file bound to {@code type}. */
    public <T> T extra(String fileName, Class<T> type) {
        return Json.MAPPER.convertValue(extra(fileName), type);
    }

    // ---------------------------------------------------------------- saving

    /**
     * Saves to directory {@code dir} as one atomic unit (see the class comment). An existing {@code dir}
     * is replaced only if it is empty or a Thaw checkpoint.
     */
    public void save(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        checkReplaceable(target);
        Path staging = AtomicFiles.siblingName(target, ".tmp-");
        Files.createDirectory(staging);
        try {
            writeFiles(staging);
            AtomicFiles.fsyncDirectory(staging);
            install(staging, target);
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteTree(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void writeFiles(Path staging) throws IOException {
        ObjectNode files = Json.MAPPER.createObjectNode();
        Path model = staging.resolve(MODEL_FILE);
        SafeTensors.write(model, tensors, MODEL_METADATA);
        files.set(MODEL_FILE, manifestEntry(model));
        for (Map.Entry<String, JsonNode> e : extras.entrySet()) {
            Path file = staging.resolve(e.getKey());
            AtomicFiles.write(file, prettyJson(e.getValue()));
            files.set(e.getKey(), manifestEntry(file));
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.set("config", config);
        root.set("files", files);
        AtomicFiles.write(staging.resolve(CONFIG_FILE), prettyJson(root));
    }

    private static byte[] prettyJson(JsonNode node) throws JsonProcessingException {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    }

    private static ObjectNode manifestEntry(Path file) throws IOException {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("bytes", Files.size(file));
        entry.put("sha256", sha256(file));
        return entry;
    }

    /** Refuses to replace anything but nothing, an empty directory or a Thaw checkpoint. */
    private static void checkReplaceable(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("refusing to replace " + target + ": it is not a directory");
        }
        if (!isEmpty(target) && !isCheckpoint(target)) {
            throw new IOException("refusing to replace " + target + ": it is neither empty nor a Thaw checkpoint");
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static boolean isCheckpoint(Path dir) {
        try {
            return FORMAT.equals(Json.MAPPER.readTree(Files.readAllBytes(dir.resolve(CONFIG_FILE))).path("format").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private static void install(Path staging, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.fsyncDirectory(target.getParent());
            return;
        }
        Path old = AtomicFiles.siblingName(target, ".old-");
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE); // put the previous checkpoint back
            throw e;
        }
        AtomicFiles.fsyncDirectory(target.getParent());
        deleteTree(old);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // ---------------------------------------------------------------- loading

    /** Loads and verifies a checkpoint directory. */
    public static Checkpoint load(Path dir) throws IOException {
        return load(dir, null);
    }

    /** Loads and verifies a checkpoint whose tensors must match {@code expected} exactly (see {@link SafeTensors#read(Path, Map)}). */
    public static Checkpoint load(Path dir, Map<String, TensorSpec> expected) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir, "no checkpoint directory here" + interruptedSaveHint(dir));
        }
        JsonNode root = readConfig(dir);
        Map<String, JsonNode> files = manifest(dir, root);
        for (Map.Entry<String, JsonNode> e : files.entrySet()) {
            verify(dir.resolve(e.getKey()), e.getValue());
        }
        Map<String, Tensor> tensors = SafeTensors.read(dir.resolve(MODEL_FILE), expected).tensors();
        Map<String, JsonNode> extras = new LinkedHashMap<>();
        for (String name : files.keySet()) {
            if (!name.equals(MODEL_FILE)) {
                extras.put(name, readJson(dir.resolve(name)));
            }
        }
        return new Checkpoint(tensors, root.get("config"), extras);
    }

    private static String interruptedSaveHint(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.getParent() == null || !Files.isDirectory(abs.getParent())) {
            return "";
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(abs.getParent(), "." + abs.getFileName() + ".old-*")) {
            for (Path p : old) {
                return " (an interrupted save left the previous checkpoint at " + p + ")";
            }
        }
        return "";
    }

    private static JsonNode readConfig(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.exists(file)) {
            throw new CheckpointException(dir, "no " + CONFIG_FILE + " (not a Thaw checkpoint)");
        }
        JsonNode root = readJson(file);
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new CheckpointException(file, "format is " + root.get("format") + ", expected \"" + FORMAT + "\"");
        }
        JsonNode version = root.path("formatVersion");
        if (!version.isInt() || version.intValue() < 1) {
            throw new CheckpointException(file, "formatVersion " + version + " is not a positive integer");
        }
        if (version.intValue() > FORMAT_VERSION) {
            throw new CheckpointException(file, "format version " + version.intValue() + " is newer than this build reads ("
                    + FORMAT_VERSION + ")");
        }
        if (!root.has("config")) {
            throw new CheckpointException(file, "no \"config\" entry");
        }
        return root;
    }

    /** The manifest's file entries, checked to be plain names in this directory and to include the model. */
    private static Map<String, JsonNode> manifest(Path dir, JsonNode root) throws CheckpointException {
        Path file = dir.resolve(CONFIG_FILE);
        JsonNode files = root.path("files");
        if (!files.isObject() || !files.has(MODEL_FILE)) {
            throw new CheckpointException(file, "manifest \"files\" is missing or does not list " + MODEL_FILE);
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : files.properties()) {
            String name = e.getKey();
            if (!name.equals(MODEL_FILE) && (!EXTRA_NAME.matcher(name).matches() || name.equals(CONFIG_FILE))) {
                throw new CheckpointException(file, "manifest lists '" + name + "', which is not a checkpoint file name");
            }
            entries.put(name, e.getValue());
        }
        return entries;
    }

    private static void verify(Path file, JsonNode entry) throws IOException {
        JsonNode bytes = entry.path("bytes");
        String sha = entry.path("sha256").asText("");
        if (!bytes.canConvertToLong() || !bytes.isIntegralNumber() || !sha.matches("[0-9a-f]{64}")) {
            throw new CheckpointException(file, "manifest entry " + entry + " lacks an integer \"bytes\" and a hex \"sha256\"");
        }
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file, "listed in the manifest but missing");
        }
        long size = Files.size(file);
        if (size != bytes.longValue()) {
            throw new CheckpointException(file, "is " + size + " bytes, the manifest says " + bytes.longValue()
                    + " (truncated or replaced)");
        }
        String actual = sha256(file);
        if (!actual.equals(sha)) {
            throw new CheckpointException(file, "SHA-256 " + actual + " does not match the manifest's " + sha
                    + " (corrupted or replaced)");
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file", e);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "not valid JSON: " + Json.describe(e), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
