package dev.skyrun.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongBiFunction;

/**
 * The VM startup script renderer: a POSIX {@code sh} program, rendered from a {@link JobSpec},
 * that a cloud VM runs to start the job's container with Docker (GPUs through the NVIDIA
 * runtime, Neuron devices passed in when present), copy store mounts in and outputs back,
 * and report heartbeat, log, exit code and the provider's interruption notice to the run's
 * {@link StatusKeys} prefix. Cloud specifics come from a {@link VmShell}.
 *
 * <p>Two scripts: {@link #launcher} goes into user data (it holds no job details: it waits for
 * the job script in the store and runs it), {@link #job} is uploaded at submit. Neither holds a
 * secret value: the job script fetches secrets by name on the VM and hands them to the
 * container on its stdin.
 *
 * @param shell the cloud's store, secret and metadata functions
 * @param keys where the run's status objects live
 * @param heartbeatSeconds how often a node reports it is alive (and uploads its log)
 * @param autostopMinutes power the VM off this long after the job ended (0: never)
 */
public record VmBootstrap(VmShell shell, StatusKeys keys, int heartbeatSeconds, int autostopMinutes) {

    public VmBootstrap {
        Objects.requireNonNull(shell, "shell");
        Objects.requireNonNull(keys, "keys");
    }

    /**
     * The bootstrap a cloud's settings ask for: {@code heartbeat_s} ({@link #heartbeatSeconds})
     * and {@code autostop_minutes} (default 10), read through the plug-in's {@code number(key, fallback)}.
     */
    public static VmBootstrap of(VmShell shell, StatusKeys keys, ToLongBiFunction<String, Long> number) {
        return new VmBootstrap(shell, keys, heartbeatSeconds(number), (int) number.applyAsLong("autostop_minutes", 10L));
    }

    /** How often a node reports it is alive: the cloud setting {@code heartbeat_s} (seconds, default 30). */
    public static int heartbeatSeconds(ToLongBiFunction<String, Long> number) {
        return (int) number.applyAsLong("heartbeat_s", 30L);
    }

    /** The user-data script: waits for the job script in the store, then runs it. */
    public String launcher() {
        return String.join("\n",
                "#!/bin/sh",
                "# skyrun VM launcher: waits for the job script at " + shell.scheme() + "://" + keys.bucket() + "/" + keys.job(),
                "# and runs it. Holds no job details and no secrets.",
                "set -u",
                "SKYRUN_WORK_ROOT=\"${SKYRUN_WORK_ROOT:-/var/lib/skyrun}\"",
                "mkdir -p \"$SKYRUN_WORK_ROOT\" && chmod 700 \"$SKYRUN_WORK_ROOT\"",
                shell.functions(),
                "job=\"$SKYRUN_WORK_ROOT/job.sh\"",
                "until store_get " + q(keys.bucket()) + " " + q(keys.job()) + " \"$job\"; do sleep 3; done",
                "exec sh \"$job\"",
                "");
    }

    /** The job script for one cluster; every node runs it and learns its rank from {@code node_rank}. */
    public String job(JobSpec job, List<String> nodeIps) {
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/sh");
        lines.add("# skyrun job script: run " + job.runId() + ", task " + job.taskId() + ", attempt " + job.attempt()
                + ". Rendered from the JobSpec; holds no secret values.");
        lines.add("set -u");
        lines.add("SKYRUN_WORK_ROOT=\"${SKYRUN_WORK_ROOT:-/var/lib/skyrun}\"");
        lines.add(shell.functions());
        lines.add("BUCKET=" + q(keys.bucket()));
        lines.add("until RANK=$(node_rank); do sleep 2; done");
        lines.add("NODE=" + q(keys.prefix()) + "/node-$RANK");
        lines.add("NAME=" + q("skyrun-" + job.runId() + "-" + job.attempt()) + "-$RANK");
        lines.add("WORK=\"$SKYRUN_WORK_ROOT/$NAME\"");
        lines.add("mkdir -p \"$WORK\" && chmod 700 \"$WORK\" && cd \"$WORK\" || exit 1");
        lines.addAll(VmBootstrapParts.reporting(heartbeatSeconds));
        lines.addAll(VmBootstrapParts.mounts(job, shell));
        if (job.workdir().isPresent()) {
            lines.add("copy_in \"$BUCKET\" " + q(workdir()) + " \"$WORK/workdir\" || fail_setup 'copying the workdir in'");
        }
        lines.addAll(VmBootstrapParts.payload(job, nodeIps));
        lines.addAll(VmBootstrapParts.container(job));
        lines.addAll(VmBootstrapParts.finish(autostopMinutes));
        return String.join("\n", lines) + "\n";
    }

    /** Where the runner uploads the task's workdir, relative to the bucket; the job sees it at {@link JobSpec#WORKDIR}. */
    public String workdir() {
        return keys.prefix() + "/workdir";
    }

    /** {@code value} as one single-quoted sh word. */
    static String q(String value) {
        return JobScript.quote(value);
    }
}
