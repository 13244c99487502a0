package dev.skyrun.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Validates loaded YAML against skyrun's JSON Schemas (draft 2020-12, shipped in the jar under
 * {@code dev/skyrun/schemas/}) and reports every error at once, each at the offending key or
 * value with a hint.
 *
 * <pre>{@code
 * List<Problem> problems = SchemaValidator.shared().validate(SchemaValidator.Kind.TASK, doc.root(), doc.sourceMap());
 * // specs/x.yaml:7:3: unknown key 'use_spots' in resources (did you mean 'use_spot'?)
 * }</pre>
 */
public final class SchemaValidator {

    /** Base IRI of the schemas' {@code $id}s. */
    public static final String BASE = "https://skyrun.dev/schemas/";

    /** Which schema a document is checked against. */
    public enum Kind {
        /** {@code task.schema.json}. */
        TASK("task.schema.json"),
        /** {@code pipeline.schema.json}. */
        PIPELINE("pipeline.schema.json"),
        /** {@code gates.schema.json}: the gates file of {@code skyrun fuse --gates}. */
        GATES("gates.schema.json"),
        /** {@code config.schema.json}: {@code ~/.skyrun/config.yaml} and a project's {@code .skyrun.yaml}. */
        CONFIG("config.schema.json");

        final String file;

        Kind(String file) {
            this.file = file;
        }
    }

    private final Map<Kind, Schema> schemas = new EnumMap<>(Kind.class);
    private final Map<String, JsonNode> documents = new HashMap<>();
    private final SchemaRegistry registry;

    private SchemaValidator() {
        // A $ref to another schema file (pipeline -> task) is read from the jar when first followed.
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(SchemaValidator::text));
    }

    /** The text of the schema whose {@code $id} is {@code iri}; null for one skyrun does not ship. */
    private static String text(String iri) {
        for (Kind k : Kind.values()) {
            if (iri.equals(BASE + k.file)) {
                return resource(k.file);
            }
        }
        return null;
    }

    /** The tree of the schema whose {@code $id} is {@code iri}, read on first use; null for one skyrun does not ship. */
    private synchronized JsonNode document(String iri) {
        JsonNode doc = documents.get(iri);
        if (doc == null && iri.startsWith(BASE)) {
            String text = text(iri);
            if (text != null) {
                doc = SchemaDocuments.parse(text, iri.substring(BASE.length()));
                documents.put(iri, doc);
            }
        }
        return doc;
    }

    /** The validator, built on first use (each schema is read and compiled when first needed). */
    public static SchemaValidator shared() {
        return Holder.INSTANCE;
    }

    /**
     * Reads and compiles {@code kind}'s schema now (the dialect, the registry, the schema's top level): a cold
     * command calls this on a second thread while it parses its arguments and reads the file. The validator's
     * lock is held meanwhile, so {@link #validate} waits for it instead of building it alongside; the schema's
     * validators below the top level are still built as a document first needs them, on the validating thread.
     */
    public void prepare(Kind kind) {
        schema(kind);
    }

    private synchronized Schema schema(Kind kind) {
        return schemas.computeIfAbsent(kind,
                k -> registry.getSchema(SchemaLocation.of(BASE + k.file), document(BASE + k.file)));
    }

    /** Every schema error of {@code doc}, in file order; empty when it is valid. */
    public List<Problem> validate(Kind kind, JsonNode doc, SourceMap map) {
        LinkedHashSet<Problem> problems = new LinkedHashSet<>();
        for (Error e : schema(kind).validate(doc)) {
            problems.add(ErrorMessages.problem(e, pointer(e.getInstanceLocation()), map, this));
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return sorted;
    }

    /** The part of a schema document an error's schema location points at, or a missing node. */
    JsonNode schemaNode(SchemaLocation location, int dropLast) {
        JsonNode doc = document(location.getAbsoluteIri().toString());
        if (doc == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        NodePath fragment = location.getFragment();
        int count = fragment == null ? 0 : fragment.getNameCount() - dropLast;
        JsonNode node = doc;
        for (int i = 0; i < count; i++) {
            Object el = fragment.getElement(i);
            node = el instanceof Integer n ? node.path(n) : node.path(el.toString());
        }
        return node;
    }

    /** The node a local {@code $ref} ({@code #/$defs/NAME}) of the document of {@code location} names. */
    JsonNode resolve(SchemaLocation location, String ref) {
        JsonNode doc = document(location.getAbsoluteIri().toString());
        if (doc == null || !ref.startsWith("#/")) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return doc.at(ref.substring(1));
    }

    /** An instance location as a JSON pointer. */
    static String pointer(NodePath path) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            String s = el.toString();
            p.append(el instanceof Integer ? "/" + s : SourceMap.child("", s));
        }
        return p.toString();
    }

    private static String resource(String file) {
        try (InputStream in = SchemaValidator.class.getResourceAsStream("/dev/skyrun/schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schema " + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Holder {
        static final SchemaValidator INSTANCE = new SchemaValidator();
    }
}
