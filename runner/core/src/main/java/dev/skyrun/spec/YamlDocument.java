package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.SourceMap;
import java.util.Objects;

/**
 * One document of a YAML file as a JSON tree, with where each of its nodes came from.
 *
 * @param root the document's content (a {@code NullNode} for an empty document)
 * @param sourceMap JSON pointer to key/value locations
 * @param start where the document starts
 */
public record YamlDocument(JsonNode root, SourceMap sourceMap, Location start) {
    public YamlDocument {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(sourceMap, "sourceMap");
        Objects.requireNonNull(start, "start");
    }
}
