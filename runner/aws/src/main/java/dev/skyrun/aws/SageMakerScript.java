package dev.skyrun.aws;

import static dev.skyrun.exec.JobScript.quote;

import dev.skyrun.exec.JobEnv;
import dev.skyrun.exec.JobScript;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.storage.StoreCopy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sh} program a SageMaker training container runs ({@code sh /opt/ml/input/data/skyrun/job.sh}):
 * SageMaker limits each entrypoint argument to 256 characters, so the program travels as the
 * {@code skyrun} input channel, uploaded by the runner, like a VM's job script.
 *
 * <p>It learns the node's rank and the hosts from SageMaker's environment ({@code SM_CURRENT_HOST}
 * and {@code SM_HOSTS}, else {@code /opt/ml/input/config/resourceconfig.json}: hosts are
 * {@code algo-1..algo-N}), exports skyrun's job variables and the spec's envs, reads each secret
 * from SSM Parameter Store by name with the job's role ({@link Ec2Shell#functions()}: no value is in
 * the request or the script), links the checkpoint directory to {@code /opt/ml/checkpoints} and the
 * other mounts to their channels, runs the JobSpec's wrapper with the output on stdout (SageMaker
 * sends it to CloudWatch Logs), copies writable mounts back to S3, and on a non-zero exit writes
 * {@code skyrun: exit N} to {@code /opt/ml/output/failure}, which SageMaker reports as the job's
 * {@code FailureReason}.
 */
final class SageMakerScript {

    /** Where SageMaker puts the script's channel. */
    static final String PATH = SageMakerMount.INPUT + "skyrun/job.sh";
    /** The file whose text SageMaker reports as the FailureReason. */
    static final String FAILURE = "/opt/ml/output/failure";
    private static final String RESOURCE_CONFIG = "/opt/ml/input/config/resourceconfig.json";

    private SageMakerScript() {}

    /**
     * The program.
     *
     * @param shell the S3 and SSM functions, for the job's region
     * @param keys the cluster's prefix (outputs of local mounts go under it)
     * @param mounts the job's mounts
     */
    static String render(JobSpec job, Ec2Shell shell, StatusKeys keys, List<SageMakerMount> mounts) {
        List<String> lines = new ArrayList<>(List.of("#!/bin/sh",
                "# skyrun SageMaker job: run " + job.runId() + ", task " + job.taskId() + ", attempt " + job.attempt()
                        + ". Rendered from the JobSpec; holds no secret values.",
                "set -u", shell.functions()));
        lines.addAll(rank());
        Map<String, String> env = new LinkedHashMap<>(JobEnv.shared(job));
        env.putAll(job.env());
        env.forEach((k, v) -> lines.add("export " + JobScript.requireName(k) + "=" + quote(v)));
        for (String name : job.secretNames()) {
            JobScript.requireName(name);
            lines.add("_v=$(secret_get " + quote(name) + " && printf x) || { echo "
                    + quote("skyrun: cannot read secret " + name + " from SSM Parameter Store") + " >&2; fail 125; }");
            lines.add(name + "=${_v%x}; export " + name + "; unset _v");
        }
        lines.addAll(links(job, mounts));
        lines.addAll(run(job, keys, mounts));
        return String.join("\n", lines) + "\n";
    }

    /** Rank and hosts from SageMaker's environment, and {@code fail CODE}. */
    private static List<String> rank() {
        String cfg = quote(RESOURCE_CONFIG);
        return List.of(
                "fail() { mkdir -p /opt/ml/output; printf 'skyrun: exit %s\\n' \"$1\" > " + quote(FAILURE) + "; exit \"$1\"; }",
                "_host=${SM_CURRENT_HOST:-$(sed -n 's/.*\"current_host\" *: *\"\\([^\"]*\\)\".*/\\1/p' " + cfg + " 2>/dev/null)}",
                "_hosts=${SM_HOSTS:-$(sed -n 's/.*\"hosts\" *: *\\[\\([^]]*\\)\\].*/\\1/p' " + cfg + " 2>/dev/null)}",
                "case ${_host:-algo-1} in algo-*) RANK=$((${_host##*-} - 1)) ;; *) RANK=0 ;; esac",
                "IPS=$(printf '%s' \"$_hosts\" | tr -d '[]\" ' | tr ',' '\\n')",
                "export " + JobEnv.NODE_RANK + "=$RANK " + JobEnv.SKYPILOT_TWINS.get(JobEnv.NODE_RANK) + "=$RANK",
                "export " + JobEnv.NODE_IPS + "=\"$IPS\" " + JobEnv.SKYPILOT_TWINS.get(JobEnv.NODE_IPS) + "=\"$IPS\"");
    }

    /** Links each mount's target (and the workdir) to the directory SageMaker fills. */
    private static List<String> links(JobSpec job, List<SageMakerMount> mounts) {
        List<String> lines = new ArrayList<>();
        lines.add("link() { mkdir -p \"$1\" \"$(dirname \"$2\")\" && { [ -L \"$2\" ] || rmdir \"$2\" 2>/dev/null || [ ! -e \"$2\" ]; }"
                + " && ln -sfn \"$1\" \"$2\"; }");
        boolean checkpointMounted = false;
        for (SageMakerMount m : mounts) {
            checkpointMounted |= m.checkpoint();
            lines.add(link(m.dir(), m.mount().target()));
        }
        if (!checkpointMounted) {
            lines.add(link(SageMakerMount.CHECKPOINTS, job.checkpointDir()));
        }
        job.workdir().ifPresent(w -> lines.add(link(SageMakerMount.INPUT + "workdir", JobSpec.WORKDIR) + " && cd " + JobSpec.WORKDIR));
        return lines;
    }

    private static String link(String dir, String target) {
        if (dir.equals(target)) {
            return "mkdir -p " + quote(dir);
        }
        return "link " + quote(dir) + " " + quote(target) + " || { echo " + quote("skyrun: cannot link " + target + " to " + dir)
                + " >&2; fail 125; }";
    }

    /** Runs the wrapper, copies writable mounts back and reports the exit code. */
    private static List<String> run(JobSpec job, StatusKeys keys, List<SageMakerMount> mounts) {
        List<String> lines = new ArrayList<>(List.of(
                "copy_out() {",
                "  (cd \"$1\" && find . -type f ! -name " + StoreCopy.SUMS + ") > /tmp/.skyrun-out || return 1",
                "  while IFS= read -r f; do rel=${f#./}; store_put \"$2\" \"$3/$rel\" \"$1/$rel\" || return 1; done < /tmp/.skyrun-out",
                "}",
                "RC=$(mktemp)",
                "{ printf '%s\\n' " + quote(JobScript.PAYLOAD_END) + " | sh -c " + quote(JobScript.WRAPPER) + " skyrun "
                        + quote(job.setup().orElse("")) + " " + quote(job.run()) + "; echo $? > \"$RC\"; } 2>&1",
                "CODE=$(cat \"$RC\")"));
        for (SageMakerMount m : mounts) {
            m.outputUri(keys).ifPresent(uri -> {
                String rest = uri.substring("s3://".length());
                int slash = rest.indexOf('/');
                String bucket = slash < 0 ? rest : rest.substring(0, slash);
                String key = slash < 0 ? "" : rest.substring(slash + 1);
                lines.add("if [ \"$RANK\" -eq 0 ]; then copy_out " + quote(m.dir()) + " " + quote(bucket) + " " + quote(key)
                        + " || { echo " + quote("skyrun: copying " + m.mount().target() + " back to " + uri + " failed")
                        + " >&2; [ \"$CODE\" -eq 0 ] && CODE=1; }; fi");
            });
        }
        lines.add("echo \"" + JobScript.EXIT_MARK + "$CODE\" >&2");
        lines.add("[ \"$CODE\" -eq 0 ] || fail \"$CODE\"");
        return lines;
    }
}
