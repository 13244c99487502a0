package dev.skyrun.gcp;

import dev.skyrun.exec.JobSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the two shell scripts a Google Cloud VM runs: the bootstrap (the instance's
 * {@code startup-script} metadata, written at provision) and the job (written to the cluster's
 * GCS prefix at submit, run by the bootstrap). Secret values never appear: secrets are read on
 * the VM from Secret Manager by name.
 */
final class StartupScript {

    /** The shell expression a TPU worker uses to learn its rank. */
    static final String TPU_WORKER_RANK = "$(skyrun_md instance/attributes/agent-worker-number || echo 0)";

    private StartupScript() {}

    /** The bootstrap for a node; {@code rank} is a number, or {@link #TPU_WORKER_RANK} on TPU VMs. */
    static String bootstrap(GcpConfig config, RunPrefix prefix, String rank) {
        return template("bootstrap.sh")
                .replace("{{BUCKET}}", quote(prefix.bucket()))
                .replace("{{PREFIX}}", quote(prefix.prefix()))
                .replace("{{PROJECT}}", quote(config.project()))
                .replace("{{RANK}}", rank.chars().allMatch(Character::isDigit) ? rank : "\"" + rank + "\"");
    }

    /** The job script for a JobSpec. */
    static String job(JobSpec job) {
        StringBuilder env = new StringBuilder();
        Map<String, String> vars = new TreeMap<>(job.env());
        vars.putIfAbsent("SKYRUN_RUN_ID", job.runId());
        vars.putIfAbsent("SKYRUN_TASK_ID", job.taskId());
        vars.putIfAbsent("SKYRUN_ATTEMPT", Integer.toString(job.attempt()));
        vars.putIfAbsent("SKYRUN_NUM_NODES", Integer.toString(job.nodes()));
        vars.putIfAbsent("SKYRUN_CHECKPOINT_DIR", job.checkpointDir());
        vars.forEach((k, v) -> env.append(" -e ").append(quote(k + "=" + v)));
        StringBuilder secrets = new StringBuilder();
        for (String name : job.secretNames()) {
            secrets.append("skyrun_secret ").append(quote(name))
                    .append(" || { echo 'skyrun: cannot read secret ").append(name.replace("'", ""))
                    .append(" from Secret Manager' >&2; skyrun_report exit_code 125; exit 1; }\n");
        }
        String command = job.setup().map(s -> s + "\n").orElse("") + job.run();
        return template("job.sh")
                .replace("{{IMAGE}}", quote(job.image()))
                .replace("{{RUN_ID}}", quote(GceLabels.value(job.runId())))
                .replace("{{GPUS}}", Integer.toString((int) Math.ceil(job.gpusPerNode())))
                .replace("{{ENV}}", env.toString().strip())
                .replace("{{SECRETS}}", secrets.toString())
                .replace("{{MOUNTS}}", mounts(job))
                .replace("{{COMMAND}}", quote(command));
    }

    private static String mounts(JobSpec job) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (JobSpec.Mount m : job.mounts()) {
            if (m.source().startsWith("gs://")) {
                GsUri uri = GsUri.parse(m.source());
                out.append("skyrun_copy_in ").append(n).append(' ').append(quote(uri.bucket())).append(' ')
                        .append(quote(uri.key())).append(' ').append(quote(m.target())).append('\n');
                if (!m.readOnly()) {
                    out.append("skyrun_outputs+=(").append(quote(n + " " + uri.bucket() + " " + uri.key())).append(")\n");
                }
                n++;
            } else {
                out.append("mkdir -p ").append(quote(m.source())).append("; skyrun_mounts+=(-v ")
                        .append(quote(m.source() + ":" + m.target() + (m.readOnly() ? ":ro" : ""))).append(")\n");
            }
        }
        return out.toString();
    }

    /** Single-quotes a value for the shell. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String template(String name) {
        try (InputStream in = StartupScript.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
