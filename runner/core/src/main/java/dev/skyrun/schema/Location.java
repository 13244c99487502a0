package dev.skyrun.schema;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A place in a source file: file, 1-based line and 1-based column.
 *
 * <p>Rendered the way compilers and editors expect, {@code specs/train.yaml:12:5}, so a
 * terminal or CI log makes it a link.
 *
 * @param file the file as the user named it (relative paths stay relative); empty for {@link #NONE}
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record Location(String file, int line, int column) {

    /** No place in a file: bad input given on the command line or named in state. */
    public static final Location NONE = new Location("", 0, 0);

    public Location {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0");
        }
    }

    /** The location of a whole file, when no line is known. */
    public static Location of(Path file) {
        return new Location(file.toString(), 0, 0);
    }

    /** A location from 1-based line and column. */
    public static Location of(Path file, int line, int column) {
        return new Location(file.toString(), line, column);
    }

    /** Whether this is a place in a file ({@link #NONE} is not). */
    public boolean known() {
        return !file.isEmpty();
    }

    @Override
    public String toString() {
        if (line == 0) {
            return file;
        }
        return column == 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }
}
