package dev.skyrun.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.skyrun.schema.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON Schemas of manifests, loaded from the jar ({@code dev/skyrun/schemas/}): the fused
 * manifest and the site manifest {@code skyrun fuse} reads.
 */
public enum ManifestSchemas {
    /** {@code schemas/manifest.schema.json}. */
    MANIFEST("manifest.schema.json"),
    /** {@code schemas/site-manifest.schema.json}. */
    SITE_MANIFEST("site-manifest.schema.json");

    private final String file;
    private volatile Schema schema;

    ManifestSchemas(String file) {
        this.file = file;
    }

    /** The schema's file name under {@code schemas/}. */
    public String file() {
        return file;
    }

    /** Every violation, each as {@code /json/pointer: message}; empty when valid. */
    public List<String> violations(JsonNode json) {
        List<Error> errors = schema().validate(json);
        return errors.stream().map(e -> pointer(e) + ": " + e.getMessage()).toList();
    }

    /** Throws an {@link InvalidInputException} listing the violations, if any. */
    public void check(JsonNode json) {
        List<String> v = violations(json);
        if (!v.isEmpty()) {
            throw new InvalidInputException("does not match " + file + ": " + String.join("; ", v));
        }
    }

    private static String pointer(Error e) {
        String p = String.valueOf(e.getInstanceLocation());
        return p.isEmpty() || "$".equals(p) ? "/" : p;
    }

    private Schema schema() {
        Schema s = schema;
        if (s == null) {
            try (InputStream in = ManifestSchemas.class.getResourceAsStream("/dev/skyrun/schemas/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("schema " + file + " is missing from the jar");
                }
                s = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            schema = s;
        }
        return s;
    }
}
