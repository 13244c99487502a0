package dev.skyrun.exec;

import static dev.skyrun.exec.VmBootstrap.q;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sections of {@link VmBootstrap#job}: each returns script lines, POSIX sh. */
final class VmBootstrapParts {

    /**
     * The exit code a job that succeeded gets when its outputs held symbolic links (refused, never
     * followed) or what it wrote through a cached mount could not be uploaded.
     */
    static final int LINKS_REFUSED_EXIT = 125;

    /** Heartbeats between periodic checkpoint uploads. */
    static final int CHECKPOINT_EVERY_BEATS = 10;

    /** Times the exit code is written and read back before the node gives up on it. */
    static final int EXIT_REPORT_TRIES = 5;

    private VmBootstrapParts() {}

    /** {@code say}, {@code report}, {@code sq} and {@code gpu_flags}. */
    static List<String> reporting(int heartbeatSeconds) {
        return List.of(
                "LOG=\"$WORK/job.log\"; : >> \"$LOG\"",
                "say() { printf 'skyrun: %s\\n' \"$*\" >> \"$LOG\"; }",
                "report() { printf '%s\\n' \"$2\" > \"$WORK/.report-$1\" && store_put \"$BUCKET\" \"$NODE/$1\" \"$WORK/.report-$1\"; }",
                "upload_log() { store_put \"$BUCKET\" \"$NODE/log\" \"$LOG\"; }",
                "sq() {",
                "  _s=$1 _r=",
                "  while :; do",
                "    case $_s in",
                "      *\\'*) _r=$_r${_s%%\\'*}\\'\\\\\\'\\' ; _s=${_s#*\\'} ;;",
                "      *) break ;;",
                "    esac",
                "  done",
                "  printf \"'%s%s'\" \"$_r\" \"$_s\"",
                "}",
                "gpu_flags() {",
                "  if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then printf '%s\\n' --gpus all; fi",
                "  for d in /dev/neuron[0-9]*; do [ -e \"$d\" ] && printf '%s\\n' \"--device=$d\"; done",
                "}",
                "HEARTBEAT=" + heartbeatSeconds);
    }

    /**
     * {@code copy_in}/{@code copy_out}, the FUSE functions ({@link VmMountParts}), the loops (heartbeat +
     * log, interruption watch) and the copy-in or FUSE mount of store mounts.
     */
    static List<String> mounts(JobSpec job, VmShell shell) {
        List<String> lines = new ArrayList<>(copyFunctions());
        lines.addAll(VmMountParts.functions(shell.mountEnvironment()));
        return mountLines(job, shell, lines);
    }

    /**
     * {@code copy_in BUCKET PREFIX DIR} and {@code copy_out DIR BUCKET PREFIX TARGET}. Each call keeps its file lists in
     * files of its own ({@code mktemp}): the heartbeat loop's checkpoint upload runs beside the final output copy
     * and the interruption watcher's, and lists at one fixed path were rewritten under a reader.
     */
    static List<String> copyFunctions() {
        return List.of(
                "copy_in() {",
                "  _keys=$(mktemp \"$WORK/.keys.XXXXXX\") || return 1",
                "  mkdir -p \"$3\" && store_list \"$1\" \"$2/\" > \"$_keys\" || { rm -f \"$_keys\"; return 1; }",
                "  while IFS= read -r key; do",
                "    rel=${key#\"$2/\"}",
                "    case $rel in ''|*/) continue ;; esac",
                "    mkdir -p \"$3/$(dirname \"$rel\")\" && store_get \"$1\" \"$key\" \"$3/$rel\" || { rm -f \"$_keys\"; return 1; }",
                "  done < \"$_keys\"",
                "  rm -f \"$_keys\"",
                "}",
                "copy_out() {",
                "  _links=$(mktemp \"$WORK/.links.XXXXXX\") && _files=$(mktemp \"$WORK/.out.XXXXXX\") || return 1",
                "  (cd \"$1\" && find . -type l) > \"$_links\" || { rm -f \"$_links\" \"$_files\"; return 1; }",
                "  if [ -s \"$_links\" ]; then",
                "    say \"refused: $4 holds symbolic links ($(tr '\\n' ' ' < \"$_links\")); skyrun never follows a link out"
                        + " of the job's directory, so they were not copied: write the files themselves\"",
                "    LINKS_REFUSED=1",
                "  fi",
                "  (cd \"$1\" && find . -type f) > \"$_files\" || { rm -f \"$_links\" \"$_files\"; return 1; }",
                "  while IFS= read -r f; do",
                "    rel=${f#./}",
                "    store_put \"$2\" \"$3/$rel\" \"$1/$rel\" || { rm -f \"$_links\" \"$_files\"; return 1; }",
                "  done < \"$_files\"",
                "  rm -f \"$_links\" \"$_files\"",
                "}");
    }

    private static List<String> mountLines(JobSpec job, VmShell shell, List<String> lines) {
        String scheme = shell.scheme();
        List<String> outs = new ArrayList<>();
        List<String> checkpoint = new ArrayList<>();
        List<String> ins = new ArrayList<>();
        int i = 0;
        for (JobSpec.Mount m : job.mounts()) {
            String prefix = scheme + "://";
            if (!m.source().startsWith(prefix)) {
                continue;
            }
            String rest = m.source().substring(prefix.length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String key = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
            String dir = "\"$WORK/mounts/" + i + "\"";
            if (m.fuse()) {
                ins.add(VmMountParts.mount(m, bucket, key, dir, !shell.mountEnvironment().isEmpty()));
                i++;
                continue;
            }
            ins.add("copy_in " + q(bucket) + " " + q(key) + " " + dir + " || fail_setup " + q("copying " + m.source() + " in"));
            if (!m.readOnly()) {
                String out = "copy_out " + dir + " " + q(bucket) + " " + q(key) + " " + q(m.target());
                outs.add(out + " || say " + q("copying " + m.target() + " back to " + m.source() + " failed"));
                if (m.target().equals(job.checkpointDir())) {
                    checkpoint.add(out);
                }
            }
            i++;
        }
        lines.add("copy_outputs() { :; " + String.join("; ", outs) + (outs.isEmpty() ? "" : ";") + " }");
        lines.add("copy_checkpoints() { :; " + String.join("; ", checkpoint) + (checkpoint.isEmpty() ? "" : ";") + " }");
        lines.add("fail_setup() { say \"$1 failed\"; upload_log; report exit_code 125; exit 125; }");
        // On an interruption notice the checkpoint goes up before the notice is reported: the runner
        // takes the run's checkpoint back as soon as it sees the notice.
        // The two background loops end on TERM only between uploads (a trapped signal waits for the
        // running command, and interrupts the wait on their pause), so when the job ends nothing of
        // theirs is still writing while the final log and exit code go up.
        lines.add("( trap 'exit 0' TERM; n=0; while :; do report heartbeat \"$(date +%s)\"; upload_log; n=$((n + 1));"
                + " [ $((n % " + CHECKPOINT_EVERY_BEATS + ")) -eq 0 ] && copy_checkpoints; sleep \"$HEARTBEAT\" & wait $!; done ) &");
        lines.add("BEAT_PID=$!");
        lines.add("( trap 'exit 0' TERM; while :; do if notice=$(preempt_notice); then say \"interruption notice: $notice\";"
                + " copy_checkpoints; flush_mounts; report preempting \"$notice\"; upload_log; break; fi; sleep 5 & wait $!; done ) &");
        lines.add("WATCH_PID=$!");
        lines.add("trap 'kill $BEAT_PID $WATCH_PID 2>/dev/null; unmount_all' EXIT");
        lines.addAll(ins);
        return lines;
    }

    /** {@code payload}: the export lines the container reads on stdin (environment, rank, secrets fetched now). */
    static List<String> payload(JobSpec job, List<String> nodeIps) {
        Map<String, String> env = new LinkedHashMap<>(JobEnv.shared(job));
        JobEnv.node(0, nodeIps).forEach((k, v) -> {
            if (!k.equals(JobEnv.NODE_RANK) && !k.equals(JobEnv.SKYPILOT_TWINS.get(JobEnv.NODE_RANK))) {
                env.put(k, v);
            }
        });
        env.putAll(job.env());
        String payload = JobScript.payload(env);
        List<String> lines = new ArrayList<>();
        lines.add("payload() {");
        lines.add("  cat <<'SKYRUN_ENV_END'");
        lines.add(payload.substring(0, payload.length() - JobScript.PAYLOAD_END.length() - 1).stripTrailing());
        lines.add("SKYRUN_ENV_END");
        lines.add("  printf 'export " + JobEnv.NODE_RANK + "=%s " + JobEnv.SKYPILOT_TWINS.get(JobEnv.NODE_RANK) + "=%s\\n' \"$RANK\" \"$RANK\"");
        for (String name : job.secretNames()) {
            JobScript.requireName(name);
            lines.add("  if v=$(secret_get " + q(name) + " && printf x); then printf 'export " + name + "=%s\\n' \"$(sq \"${v%x}\")\";"
                    + " else printf '%s\\n' " + q("echo 'skyrun: cannot read secret " + name + "' >&2; exit 125") + "; fi");
        }
        lines.add("  printf '%s\\n' " + q(JobScript.PAYLOAD_END));
        lines.add("}");
        return lines;
    }

    /** Runs the container in the foreground, its output appended to the log. */
    static List<String> container(JobSpec job) {
        StringBuilder run = new StringBuilder("payload | docker run -i --name \"$NAME\" --network host");
        run.append(" --label ").append(q("skyrun-run=" + job.runId())).append(" --label \"skyrun-node=$RANK\"");
        run.append(" $(gpu_flags)");
        int i = 0;
        for (JobSpec.Mount m : job.mounts()) {
            if (m.source().contains("://")) {
                run.append(" -v \"$WORK/mounts/").append(i++).append(':').append(m.target()).append(m.readOnly() ? ":ro" : "").append('"');
            }
        }
        if (job.workdir().isPresent()) {
            run.append(" -v \"$WORK/workdir:").append(JobSpec.WORKDIR).append("\" -w ").append(JobSpec.WORKDIR);
        }
        run.append(' ').append(q(job.image()));
        JobScript.command(job).forEach(arg -> run.append(' ').append(q(arg)));
        run.append(" >> \"$LOG\" 2>&1");
        return List.of(
                "docker rm -f \"$NAME\" >/dev/null 2>&1",
                "say \"starting " + job.image().replace("\"", "") + " on node $RANK\"",
                run.toString(),
                "CODE=$?");
    }

    /** Copies outputs back, then reports the exit code (last: it is what the runner waits for). */
    static List<String> finish(int autostopMinutes) {
        List<String> lines = new ArrayList<>(List.of(
                "say \"job exited $CODE\"",
                "copy_outputs",
                "if [ -n \"${LINKS_REFUSED:-}\" ] && [ \"$CODE\" -eq 0 ]; then CODE=" + LINKS_REFUSED_EXIT + "; fi",
                "docker rm -f \"$NAME\" >/dev/null 2>&1",
                // What the job wrote through a cached mount is in the store before the exit code says the job ended.
                "if ! flush_mounts && [ \"$CODE\" -eq 0 ]; then CODE=" + LINKS_REFUSED_EXIT + "; fi",
                "unmount_all",
                "kill $BEAT_PID $WATCH_PID 2>/dev/null; wait $BEAT_PID $WATCH_PID 2>/dev/null",
                "upload_log",
                // Read back: the runner waits for this object alone, so a write lost on the way is written again.
                "n=0; until report exit_code \"$CODE\" && store_get \"$BUCKET\" \"$NODE/exit_code\" \"$WORK/.exit-check\"; do",
                "  n=$((n + 1)); [ \"$n\" -ge " + EXIT_REPORT_TRIES + " ] && { say 'cannot report the exit code'; break; }; sleep 2",
                "done"));
        if (autostopMinutes > 0) {
            lines.add("if [ -z \"${SKYRUN_KEEP_NODE:-}\" ]; then sleep " + autostopMinutes * 60 + "; poweroff || shutdown -h now; fi");
        }
        return lines;
    }

}
