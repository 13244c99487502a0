package dev.skyrun.cli;

import dev.skyrun.cloud.CloudRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command line runs with besides its arguments, given to every command and option group
 * that takes it when picocli makes them ({@link CommandFactory}).
 *
 * @param env the environment the command line reads ({@code SKYRUN_HOME}, {@code SKYRUN_STATE},
 *     cloud credentials, secrets named by {@code --secret NAME}): the process's, or the map a
 *     program embedding skyrun gives {@link Main#run(java.io.PrintStream, java.io.PrintStream, Map, String...)}
 * @param interrupts how the command learns that its user wants it to stop
 * @param sharedClouds the clouds to launch on, kept open after the command (the agent's, open
 *     across its launches); empty: a command opens and closes its own
 */
record CommandContext(Map<String, String> env, Interrupts interrupts, Optional<CloudRegistry> sharedClouds) {

    /** A command line in a process of its own. */
    static final CommandContext PROCESS = new CommandContext(System.getenv(), Interrupts.JVM, Optional.empty());

    CommandContext {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(interrupts, "interrupts");
        Objects.requireNonNull(sharedClouds, "sharedClouds");
    }

    /** A command line in this process reading {@code env} instead of the process's environment. */
    static CommandContext reading(Map<String, String> env) {
        return new CommandContext(env, Interrupts.JVM, Optional.empty());
    }
}
