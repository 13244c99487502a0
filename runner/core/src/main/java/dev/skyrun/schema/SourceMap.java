package dev.skyrun.schema;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each node of a loaded YAML document came from, by JSON pointer: the location of its
 * key (for mapping entries) and of its value.
 *
 * <pre>{@code
 * SourceMap map = doc.sourceMap();
 * map.key("/resources/use_spots")    // specs/x.yaml:7:3   (the misspelt key itself)
 * map.value("/resources/use_spot")   // specs/x.yaml:7:13  (its value)
 * }</pre>
 *
 * <p>A pointer with no entry of its own (inside an alias, or a merged key) resolves to its
 * nearest ancestor that has one.
 */
public final class SourceMap {

    private final String file;
    private final Map<String, Location> keys = new HashMap<>();
    private final Map<String, Location> values = new HashMap<>();

    /** An empty map for {@code file} (the name as the user gave it). */
    public SourceMap(String file) {
        this.file = file;
    }

    /** The file this map belongs to. */
    public String file() {
        return file;
    }

    /** Records where the key of the entry at {@code pointer} is. */
    public void putKey(String pointer, Location location) {
        keys.put(pointer, location);
    }

    /** Records where the value at {@code pointer} starts. */
    public void putValue(String pointer, Location location) {
        values.put(pointer, location);
    }

    /** The location of the key of the entry at {@code pointer}, else of its value, else of an ancestor. */
    public Location key(String pointer) {
        for (String p = pointer; ; p = parent(p)) {
            Location l = Optional.ofNullable(keys.get(p)).orElse(values.get(p));
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return new Location(file, 1, 1);
            }
        }
    }

    /** The location of the value at {@code pointer}, else of its key, else of an ancestor. */
    public Location value(String pointer) {
        Location v = values.get(pointer);
        return v != null ? v : key(pointer);
    }

    /** The pointer of an object member or array element below {@code parent}. */
    public static String child(String parent, String name) {
        return parent + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    /** The pointer of an array element below {@code parent}. */
    public static String child(String parent, int index) {
        return parent + "/" + index;
    }

    /** The pointer's parent; the root's parent is the root. */
    public static String parent(String pointer) {
        int i = pointer.lastIndexOf('/');
        return i <= 0 ? "" : pointer.substring(0, i);
    }
}
