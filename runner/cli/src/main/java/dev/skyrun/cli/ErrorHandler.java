package dev.skyrun.cli;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place exceptions become exit codes and messages on stderr. A stack trace is shown
 * only with {@code --debug} (or {@code SKYRUN_DEBUG=1}).
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code = exitCodeOf(ex);
        if (ex instanceof InvalidInputException invalid) {
            for (Problem p : invalid.problems()) {
                err.println(p);
            }
        } else {
            err.println("skyrun: " + messageOf(ex));
        }
        if (debug(parsed)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** The exit code for an exception thrown by a command. */
    static int exitCodeOf(Throwable ex) {
        if (ex instanceof InvalidInputException || ex instanceof IllegalArgumentException) {
            return ExitCode.BAD_INPUT;
        }
        if (ex instanceof CloudException || ex instanceof CapacityException) {
            return ExitCode.INFRASTRUCTURE;
        }
        if (ex instanceof InterruptedException) {
            return ExitCode.INTERRUPTED;
        }
        return ExitCode.INFRASTRUCTURE;
    }

    private static String messageOf(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    private static boolean debug(ParseResult parsed) {
        if ("1".equals(System.getenv("SKYRUN_DEBUG"))) {
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
