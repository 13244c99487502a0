package dev.skyrun.cloud;

import java.util.OptionalInt;

/**
 * Which of a job's log lines to read.
 *
 * @param node only this rank, or all nodes when empty
 * @param follow keep reading until the job ends
 */
public record LogQuery(OptionalInt node, boolean follow) {
    public LogQuery {
        java.util.Objects.requireNonNull(node, "node");
    }

    /** Every node's lines so far. */
    public static LogQuery all() {
        return new LogQuery(OptionalInt.empty(), false);
    }
}
