package dev.skyrun.cli;

import dev.skyrun.run.RunActions;
import dev.skyrun.state.RunRecord;
import picocli.CommandLine.Parameters;

/**
 * {@code RUN}, the first positional parameter of the commands that act on one run: a run id, or a
 * name (its newest run). Add it with {@code @Mixin RunArgument run;}.
 */
final class RunArgument {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run id, or a name (its newest run).")
    String given;

    /** The run as given on the command line (an id or a name). */
    String given() {
        return given;
    }

    /** The run {@code RUN} names: the run of that id, else the newest run of that name. */
    RunRecord find(RunActions actions) {
        return actions.find(given);
    }
}
