package dev.skyrun.cli;

import dev.skyrun.cloud.CloudRegistry;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command line runs with besides its arguments, given to the commands that launch when
 * they are made ({@link SkyrunCommand#register}).
 *
 * @param interrupts how the command learns that its user wants it to stop
 * @param sharedClouds the clouds to launch on, kept open after the command (the agent's, open
 *     across its launches); empty: a command opens and closes its own
 */
record CommandContext(Interrupts interrupts, Optional<CloudRegistry> sharedClouds) {

    /** A command line in a process of its own. */
    static final CommandContext PROCESS = new CommandContext(Interrupts.JVM, Optional.empty());

    CommandContext {
        Objects.requireNonNull(interrupts, "interrupts");
        Objects.requireNonNull(sharedClouds, "sharedClouds");
    }
}
