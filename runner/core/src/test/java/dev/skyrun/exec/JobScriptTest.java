package dev.skyrun.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Runs the wrapper under the machine's own {@code sh}: what a container's shell does with it. */
class JobScriptTest {

    private static final String NASTY = "a'b\"c $(echo pwned) `id` \\n\nline2\n\ttab $HOME ${X:-y} ;|&*";

    @Test
    void payloadReachesTheJobByteForByte() throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("SECRET", NASTY);
        vars.put("EMPTY", "");
        Result r = run(Optional.empty(), "printf '%s|%s|' \"$SECRET\" \"$EMPTY\"", JobScript.payload(vars));
        assertThat(r.code).isZero();
        assertThat(r.out).isEqualTo(NASTY + "||");
    }

    @Test
    void setupRunsFirstAndItsFailureStopsTheJob() throws Exception {
        Result ok = run(Optional.of("echo setup"), "echo run", JobScript.payload(Map.of()));
        assertThat(ok.out).isEqualTo("setup\nrun\n");
        assertThat(ok.err).contains(JobScript.SETUP_MARK, JobScript.RUN_MARK);

        Result failed = run(Optional.of("exit 9"), "echo never", JobScript.payload(Map.of()));
        assertThat(failed.code).isEqualTo(9);
        assertThat(failed.out).isEmpty();
    }

    @Test
    void runExitCodePropagates() throws Exception {
        assertThat(run(Optional.empty(), "exit 42", JobScript.payload(Map.of())).code).isEqualTo(42);
    }

    @Test
    void aCutPayloadStopsBeforeTheJob() throws Exception {
        Result r = run(Optional.empty(), "echo never", "export A='1'\n");
        assertThat(r.code).isEqualTo(125);
        assertThat(r.out).isEmpty();
    }

    @Test
    void invalidNamesAreRefused() {
        assertThatThrownBy(() -> JobScript.payload(Map.of("1BAD", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1BAD");
        assertThatThrownBy(() -> JobScript.payload(Map.of("A;rm", "x"))).isInstanceOf(IllegalArgumentException.class);
    }

    private record Result(int code, String out, String err) {}

    private static Result run(Optional<String> setup, String run, String payload) throws Exception {
        JobSpec job = new JobSpec("r", "t", 1, "img", setup, run, Map.of(), List.of(), List.of(), 1, 0, 0, 0, "/ckpt");
        List<String> cmd = new ArrayList<>(JobScript.command(job));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().write(payload.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }
}
