package dev.skyrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.skyrun.testkit.ProjectDirs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a user checks of a fused manifest with their own tools: that it matches the schema file in
 * {@code schemas/}, and what the digests of the stored artifacts are, recomputed here from the
 * files by the documented {@code sha256-tree-v1} rule (not by skyrun's code).
 */
final class ManifestChecks {

    static final ObjectMapper JSON = new ObjectMapper();

    private ManifestChecks() {}

    /** Parses JSON text. */
    static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }

    /** Violations of {@code schemas/NAME} by {@code json}, as {@code /pointer: message}. */
    static List<String> violations(String schemaFile, JsonNode json) throws IOException {
        Schema schema;
        try (InputStream in = Files.newInputStream(ProjectDirs.root().resolve("schemas").resolve(schemaFile))) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
        return schema.validate(json).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    /** The local path of a {@code file://} URI. */
    static Path path(String fileUri) {
        return Path.of(URI.create(fileUri));
    }

    /**
     * {@code sha256-tree-v1} of a directory: sha256 over one line {@code SHA256 SIZE LEN:PATH\n} per
     * regular file, in the order of the relative paths' UTF-8 bytes.
     */
    static String treeSha256(Path root) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> names.add(root.relativize(p).toString()));
        }
        names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        StringBuilder lines = new StringBuilder();
        for (String name : names) {
            byte[] bytes = Files.readAllBytes(root.resolve(name));
            lines.append(sha256(bytes)).append(' ').append(bytes.length).append(' ')
                    .append(name.getBytes(StandardCharsets.UTF_8).length).append(':').append(name).append('\n');
        }
        return sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The total size of the regular files below a directory. */
    static long treeSize(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    /** The verdict of gate {@code stage/name} in a fused manifest. */
    static JsonNode gate(JsonNode manifest, String stage, String name) {
        for (JsonNode g : manifest.at("/gates")) {
            if (g.at("/stage").asText().equals(stage) && g.at("/name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no gate " + stage + "/" + name + " in " + manifest.at("/gates"));
    }

    /** The element of a JSON array whose {@code field} is {@code value}. */
    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.at("/" + field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }
}
