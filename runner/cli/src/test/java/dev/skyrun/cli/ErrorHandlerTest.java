package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Bad input is exit 2 at its FILE:LINE:COL; any other unexpected exception is a bug: exit 1, no stack trace unless asked. */
class ErrorHandlerTest {

    @TempDir
    Path dir;

    @Test
    void aUserErrorFoundWhileReadingAFileExitsTwoAtItsLocation() throws Exception {
        Path catalog = dir.resolve("catalog");
        Files.createDirectories(catalog.resolve("aws"));
        Path csv = Files.writeString(catalog.resolve("aws/vms.csv"), "Type,Cost\nm5.large,0.1\n");
        Path spec = Files.writeString(dir.resolve("task.yaml"), "name: t\nresources: {cloud: aws, cpus: 2}\nrun: echo hi\n");
        CliRun run = CliRun.of("plan", spec.toString(), "--catalog", catalog.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).startsWith(csv + ":1: not a SkyPilot v8 vms.csv").doesNotContain("internal error");
    }

    @Test
    void aUserErrorWithNoPlaceInAFileKeepsItsOneLineMessage() {
        CliRun run = CliRun.of("show-gpus", "A100:eight");
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).isEqualTo("skyrun: 'eight' is not a count; write NAME:COUNT, e.g. A100:8\n");
    }

    @Test
    void anUnexpectedIllegalArgumentIsAnInternalErrorWithoutAStackTrace() {
        Handled h = handle(Map.of(), new IllegalArgumentException("index -1 out of range"));
        assertThat(h.exit()).isEqualTo(ExitCode.INTERNAL_ERROR).isEqualTo(1);
        assertThat(h.err()).isEqualTo("skyrun: internal error: IllegalArgumentException: index -1 out of range;"
                + " run with SKYRUN_DEBUG=1 for the stack trace\n");
    }

    @Test
    void skyrunDebugShowsTheStackTraceOfAnInternalError() {
        Handled h = handle(Map.of("SKYRUN_DEBUG", "1"), new IllegalStateException("no attempt"));
        assertThat(h.exit()).isEqualTo(ExitCode.INTERNAL_ERROR);
        assertThat(h.err()).startsWith("skyrun: internal error: IllegalStateException: no attempt\n")
                .contains("java.lang.IllegalStateException: no attempt", "\tat dev.skyrun.cli.ErrorHandlerTest.skyrunDebugShowsTheStackTraceOfAnInternalError");
    }

    private record Handled(int exit, String err) {}

    private static Handled handle(Map<String, String> env, RuntimeException thrown) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Throwing(thrown));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new ErrorHandler(env::get));
        return new Handled(cli.execute(), err.toString());
    }

    /** A command that fails the way a bug would. */
    @Command(name = "throwing")
    static final class Throwing implements Callable<Integer> {
        private final RuntimeException thrown;

        Throwing(RuntimeException thrown) {
            this.thrown = thrown;
        }

        @Override
        public Integer call() {
            throw thrown;
        }
    }
}
