package dev.skyrun.kubernetes;

import dev.skyrun.exec.JobEnv;
import dev.skyrun.exec.JobScript;
import dev.skyrun.exec.JobSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The command a job's pod runs: the job wrapper ({@link JobScript}) behind a prelude that finds the
 * nodes' IP addresses, since a pod's peers get theirs only once scheduled.
 *
 * <p>A single node takes its own, which the downward API hands it ({@value #POD_IP} from
 * {@code status.podIP}). Nodes of a multi-node job are pods {@code POD_PREFIX-RANK} under the cluster's
 * headless service, so each resolves {@code POD_PREFIX-RANK.SERVICE} through the cluster's DNS
 * (retrying while the peers start, for {@value #RESOLVE_TRIES} seconds) and exports
 * {@code SKYRUN_NODE_IPS} in rank order. Secrets reach the job as environment variables from the
 * run's Kubernetes Secret ({@code envFrom}), so the wrapper's stdin payload is empty. The first
 * process prints {@link JobScript#EXIT_MARK} as the wrapper ends, as on every other cloud.
 */
final class PodScript {

    /** How many one-second tries a node gives its peers' names to resolve. */
    static final int RESOLVE_TRIES = 300;

    /** The pods' shared name prefix (the node of rank R is {@code $SKYRUN_POD_PREFIX-R}). */
    static final String POD_PREFIX = "SKYRUN_POD_PREFIX";
    /** The pod's own IP, from the downward API. */
    static final String POD_IP = "SKYRUN_POD_IP";
    /** The headless service the pods are under; empty for a single node. */
    static final String SERVICE = "SKYRUN_SERVICE";

    private static final String RESOLVE = String.join("\n",
            "_skyrun_resolve() {",
            "  if command -v getent >/dev/null 2>&1; then getent hosts \"$1\" | awk '{print $1; exit}'; return; fi",
            "  nslookup \"$1\" 2>/dev/null | awk '/^Name:/ {n=1} n && /^Address/ {for (i = 2; i <= NF; i++)"
                    + " if ($i ~ /^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$/) {print $i; exit}}'",
            "}");

    private static final String PRELUDE = String.join("\n",
            RESOLVE,
            "if [ -z \"$" + SERVICE + "\" ]; then",
            "  _skyrun_ips=\"$" + POD_IP + "\"",
            "else",
            "  _skyrun_ips=''; _skyrun_i=0",
            "  while [ \"$_skyrun_i\" -lt \"$" + JobEnv.NUM_NODES + "\" ]; do",
            "    _skyrun_h=\"$" + POD_PREFIX + "-$_skyrun_i.$" + SERVICE + "\"; _skyrun_t=0",
            "    until _skyrun_ip=$(_skyrun_resolve \"$_skyrun_h\") && [ -n \"$_skyrun_ip\" ]; do",
            "      _skyrun_t=$((_skyrun_t + 1))",
            "      [ \"$_skyrun_t\" -ge " + RESOLVE_TRIES + " ] && { echo \"skyrun: node $_skyrun_h did not come up\" >&2; exit 125; }",
            "      sleep 1",
            "    done",
            "    _skyrun_ips=\"$_skyrun_ips${_skyrun_ips:+",
            "}$_skyrun_ip\"; _skyrun_i=$((_skyrun_i + 1))",
            "  done",
            "fi",
            "export " + JobEnv.NODE_IPS + "=\"$_skyrun_ips\" " + JobEnv.SKYPILOT_TWINS.get(JobEnv.NODE_IPS) + "=\"$_skyrun_ips\"",
            "unset _skyrun_ips _skyrun_i _skyrun_h _skyrun_t _skyrun_ip");

    private PodScript() {}

    /** The container's command: {@code sh -c PRELUDE skyrun WRAPPER SETUP RUN}. */
    static List<String> command(JobSpec job) {
        List<String> reporting = JobScript.reportingExit(job);
        List<String> out = new ArrayList<>(List.of("sh", "-c", PRELUDE + "\necho " + JobScript.quote(JobScript.PAYLOAD_END)
                + " | " + reporting.get(2)));
        out.addAll(reporting.subList(3, reporting.size()));
        return out;
    }
}
