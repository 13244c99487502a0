package dev.skyrun.exec;

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

    /** The line that ends the payload (the engine's stdin stays open until the sender detaches). */
    public static final String PAYLOAD_END = "#skyrun-payload-end";

    /** The wrapper program. */
    public static final String WRAPPER = String.join("\n",
            "_skyrun_env=''",
            "while :; do",
            "  IFS= read -r _skyrun_l || { echo 'skyrun: start payload cut short' >&2; exit 125; }",
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
            throw new IllegalArgumentException("'" + name + "' is not a valid environment variable name"
                    + " (letters, digits and _, not starting with a digit)");
        }
        return name;
    }

    /** {@code value} as one single-quoted {@code sh} word. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
