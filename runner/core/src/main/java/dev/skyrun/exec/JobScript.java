package dev.skyrun.exec;

import dev.skyrun.schema.InvalidInputException;
import java.util.List;
import java.util.Map;

/**
 * The job wrapper: the {@code sh} program a node runs, and the start-time payload it reads.
 *
 * <p>The container runs {@code sh -c WRAPPER skyrun SETUP RUN}. The wrapper reads a payload
 * from stdin up to the line {@value #PAYLOAD_END} ({@code export NAME='value'} lines: secrets and
 * the node IPs, known only after start), evaluates it, runs {@code setup} then {@code run} under {@code sh -c} in the
 * working directory, and exits with the failing step's code. Secrets thus never appear in the
 * container's configuration.
 */
public final class JobScript {

    /** Printed on stderr when setup starts. */
    public static final String SETUP_MARK = "skyrun: setup";
    /** Printed on stderr when run starts. */
    public static final String RUN_MARK = "skyrun: run";

    /**
     * The start of the line {@link #reportingExit} prints on stderr as the wrapper ends
     * ({@code skyrun: exit 3}): a node that ended without it was stopped from outside (its first
     * process killed), not by its own program.
     */
    public static final String EXIT_MARK = "skyrun: exit ";

    /** What the wrapper prints on stderr when its start payload ended early (its launch died meanwhile). */
    public static final String PAYLOAD_CUT = "skyrun: start payload cut short";

    /** The line that ends the payload (the engine's stdin stays open until the sender detaches). */
    public static final String PAYLOAD_END = "#skyrun-payload-end";

    /** The wrapper program. */
    public static final String WRAPPER = String.join("\n",
            "_skyrun_env=''",
            "while :; do",
            "  IFS= read -r _skyrun_l || { echo '" + PAYLOAD_CUT + "' >&2; exit 125; }",
            "  [ \"$_skyrun_l\" = '" + PAYLOAD_END + "' ] && break",
            "  _skyrun_env=\"$_skyrun_env$_skyrun_l",
            "\"",
            "done",
            "eval \"$_skyrun_env\" || exit 125",
            "unset _skyrun_env _skyrun_l",
            "if [ -n \"$1\" ]; then",
            "  echo '" + SETUP_MARK + "' >&2",
            "  sh -c \"$1\" || exit $?",
            "fi",
            "echo '" + RUN_MARK + "' >&2",
            "exec sh -c \"$2\"");

    private JobScript() {}

    /** The container's command: {@code sh -c WRAPPER skyrun SETUP RUN}. */
    public static List<String> command(JobSpec job) {
        return List.of("sh", "-c", WRAPPER, "skyrun", job.setup().orElse(""), job.run());
    }

    /**
     * {@link #command}, run by a first process that prints {@value #EXIT_MARK}{@code CODE} on stderr
     * once the wrapper ended, whatever ended it: so a node whose job was killed from outside (the
     * first process killed, as {@code docker kill} does) is told apart from a job that exited 137.
     */
    public static List<String> reportingExit(JobSpec job) {
        return List.of("sh", "-c", "sh -c \"$1\" skyrun \"$2\" \"$3\"; _skyrun_c=$?; echo \"" + EXIT_MARK
                + "$_skyrun_c\" >&2; exit $_skyrun_c", "skyrun", WRAPPER, job.setup().orElse(""), job.run());
    }

    /** The stdin payload: one {@code export} line per variable, values single-quoted byte for byte. */
    public static String payload(Map<String, String> variables) {
        StringBuilder sb = new StringBuilder();
        variables.keySet().forEach(JobScript::requireName);
        variables.forEach((k, v) -> sb.append("export ").append(k).append('=').append(quote(v)).append('\n'));
        return sb.append(PAYLOAD_END).append('\n').toString();
    }

    /** Checks that a variable name is one {@code sh} accepts. */
    public static String requireName(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new InvalidInputException("'" + name + "' is not a valid environment variable name"
                    + " (letters, digits and _, not starting with a digit)");
        }
        return name;
    }

    /** {@code value} as one single-quoted {@code sh} word. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
