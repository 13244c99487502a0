package dev.skyrun.cloud;

import java.util.Objects;

/**
 * One line a job wrote, tagged with the node that wrote it.
 *
 * @param node the node's rank
 * @param stderr whether it came from stderr
 * @param text the line without its line break
 */
public record LogLine(int node, boolean stderr, String text) {
    public LogLine {
        Objects.requireNonNull(text, "text");
    }
}
