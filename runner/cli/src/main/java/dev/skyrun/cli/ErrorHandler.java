package dev.skyrun.cli;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.run.NameHeldException;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Problem;
import dev.skyrun.state.StateException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place exceptions become exit codes and messages on stderr: bad input
 * ({@link InvalidInputException}) is exit 2 with its problems, each at its FILE:LINE:COL;
 * clouds, state and I/O are exit 3; anything else is a bug in skyrun: exit 1, "internal error".
 * A stack trace is shown only with {@code SKYRUN_DEBUG=1} (or {@code --debug}).
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    private final Function<String, String> env;

    /** A handler reading {@code SKYRUN_DEBUG} from the process environment. */
    ErrorHandler() {
        this(System::getenv);
    }

    /** A handler reading {@code SKYRUN_DEBUG} from {@code env}. */
    ErrorHandler(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code = exitCodeOf(ex);
        boolean debug = debug(parsed);
        if (ex instanceof InvalidInputException invalid) {
            for (Problem p : invalid.problems()) {
                err.println(p.location().known() ? p : "skyrun: " + p);
            }
        } else if (code == ExitCode.INTERNAL_ERROR) {
            err.println("skyrun: internal error: " + ex.getClass().getSimpleName() + ": " + messageOf(ex)
                    + (debug ? "" : "; run with SKYRUN_DEBUG=1 for the stack trace"));
        } else {
            err.println("skyrun: " + messageOf(ex));
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** The exit code for an exception thrown by a command. */
    static int exitCodeOf(Throwable ex) {
        if (ex instanceof InvalidInputException) {
            return ExitCode.BAD_INPUT;
        }
        if (ex instanceof InterruptedException) {
            return ExitCode.INTERRUPTED;
        }
        if (ex instanceof RuntimeException && !infrastructure(ex)) {
            return ExitCode.INTERNAL_ERROR;
        }
        return ExitCode.INFRASTRUCTURE;
    }

    /** A cloud, capacity, state or I/O failure: the world, not skyrun, went wrong. */
    private static boolean infrastructure(Throwable ex) {
        return ex instanceof CloudException || ex instanceof StateException || ex instanceof UncheckedIOException
                || ex instanceof NameHeldException;
    }

    private static String messageOf(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    private boolean debug(ParseResult parsed) {
        if ("1".equals(env.apply("SKYRUN_DEBUG"))) {
            return true;
        }
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
