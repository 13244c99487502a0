package dev.skyrun.cloud;

/**
 * What a cluster's job is doing, as the provider reports it. Closed: the controller's
 * recovery decisions switch over it.
 */
public sealed interface NodeState {

    /** Created, not yet running the job. */
    record Pending(String detail) implements NodeState {}

    /** Running the job. */
    record Running() implements NodeState {}

    /** The job exited 0 on every node. */
    record Succeeded() implements NodeState {}

    /**
     * The user's program exited non-zero (an application failure).
     *
     * @param exitCode the first non-zero exit code
     * @param reason e.g. {@code OOMKilled} when the provider says so
     */
    record Failed(int exitCode, String reason) implements NodeState {}

    /** The provider took the capacity back (spot interruption, eviction, killed from outside). */
    record Preempted(String reason) implements NodeState {}

    /** The nodes are gone or unreachable without the provider saying why. */
    record Lost(String reason) implements NodeState {}

    /** A state the plug-in did not recognise; treated as still pending. */
    record Unrecognized(String raw) implements NodeState {}

    /** Whether the job is over: anything but pending, running or unrecognised (which counts as pending). */
    default boolean ended() {
        return !(this instanceof Pending || this instanceof Running || this instanceof Unrecognized);
    }
}
