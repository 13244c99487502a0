package dev.skyrun.gcp;

import com.google.cloud.aiplatform.v1.ContainerSpec;
import com.google.cloud.aiplatform.v1.CustomJob;
import com.google.cloud.aiplatform.v1.CustomJobSpec;
import com.google.cloud.aiplatform.v1.EnvVar;
import com.google.cloud.aiplatform.v1.GcsDestination;
import com.google.cloud.aiplatform.v1.Scheduling;
import com.google.cloud.aiplatform.v1.WorkerPoolSpec;
import dev.skyrun.cloud.Placement;
import dev.skyrun.exec.JobEnv;
import dev.skyrun.exec.JobScript;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Vertex AI CustomJob for a JobSpec: worker pool 0 is node 0 (the chief), worker pool 1
 * holds the other nodes ({@code replicaCount = nodes - 1}), each with the placement's machine
 * spec and the JobSpec's image, command and environment; {@code baseOutputDirectory} is the
 * cluster's GCS prefix; {@code scheduling.strategy: SPOT} for spot placements.
 *
 * <p>No secret value goes into the job: the container's command reads each secret from Secret
 * Manager by name ({@link GcpShell#secretFunctions()} with curl, else with python3; the job's
 * service account token from the metadata server) and hands it to the JobSpec's wrapper through
 * the environment. The node's
 * rank comes from Vertex AI's {@code CLUSTER_SPEC}; {@code gs://} mounts are linked to their
 * Cloud Storage FUSE paths under {@code /gcs}; the job's output also goes, through that mount, to
 * the node's {@code log} under the cluster's status prefix, where {@code skyrun logs} reads it.
 */
final class VertexJob {

    /**
     * {@code secret_get} for images without curl (slim Python images): the same two requests,
     * metadata server token then Secret Manager access, with Python's standard library.
     */
    private static final String PYTHON_SECRET_GET = String.join("\n",
            "import base64, json, sys, urllib.request as u",
            "md, sm, project, name = sys.argv[1:5]",
            "req = u.Request(md + \"/instance/service-accounts/default/token\", headers={\"Metadata-Flavor\": \"Google\"})",
            "token = json.load(u.urlopen(req, timeout=10))[\"access_token\"]",
            "req = u.Request(sm + \"/v1/projects/\" + project + \"/secrets/\" + name + \"/versions/latest:access\",",
            "                headers={\"Authorization\": \"Bearer \" + token})",
            "sys.stdout.buffer.write(base64.b64decode(json.load(u.urlopen(req, timeout=60))[\"payload\"][\"data\"]))");

    private VertexJob() {}

    /**
     * The job to create.
     *
     * @param displayName the cluster's name
     * @param labels labels, already valid for Google Cloud
     * @param keys the cluster's status prefix: {@code output/} is the base output directory, {@code node-R/log} the logs
     * @param workdir {@code gs://} URI of the uploaded workdir, if the job has one
     * @param serviceAccount the service account the job runs as, if not the default
     */
    static CustomJob of(String displayName, Placement p, JobSpec job, GcpShell shell, Map<String, String> labels,
            StatusKeys keys, Optional<String> workdir, Optional<String> serviceAccount) {
        ContainerSpec container = ContainerSpec.newBuilder().setImageUri(job.image())
                .addAllCommand(command(job, shell, keys, workdir)).addAllEnv(env(job)).build();
        CustomJobSpec.Builder spec = CustomJobSpec.newBuilder()
                .addWorkerPoolSpecs(pool(p, container, 1))
                .setBaseOutputDirectory(GcsDestination.newBuilder().setOutputUriPrefix("gs://" + keys.bucket() + "/" + keys.prefix() + "/output"))
                .setScheduling(Scheduling.newBuilder().setStrategy(p.spot() ? Scheduling.Strategy.SPOT : Scheduling.Strategy.ON_DEMAND));
        if (p.nodes() > 1) {
            spec.addWorkerPoolSpecs(pool(p, container, p.nodes() - 1));
        }
        serviceAccount.ifPresent(spec::setServiceAccount);
        return CustomJob.newBuilder().setDisplayName(displayName).putAllLabels(labels).setJobSpec(spec).build();
    }

    private static WorkerPoolSpec pool(Placement p, ContainerSpec container, int replicas) {
        return WorkerPoolSpec.newBuilder().setMachineSpec(VertexMachine.of(p)).setReplicaCount(replicas)
                .setContainerSpec(container).build();
    }

    /** The container's environment: skyrun's job variables and the spec's {@code envs}; no secrets. */
    private static List<EnvVar> env(JobSpec job) {
        Map<String, String> env = new LinkedHashMap<>(JobEnv.shared(job));
        env.putAll(job.env());
        List<EnvVar> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(EnvVar.newBuilder().setName(k).setValue(v).build()));
        return out;
    }

    /** {@code sh -c PRELUDE skyrun SETUP RUN}: the prelude ends by running the JobSpec's wrapper. */
    static List<String> command(JobSpec job, GcpShell shell, StatusKeys keys, Optional<String> workdir) {
        return List.of("sh", "-c", prelude(job, shell, keys, workdir), "skyrun", job.setup().orElse(""), job.run());
    }

    private static String prelude(JobSpec job, GcpShell shell, StatusKeys keys, Optional<String> workdir) {
        List<String> lines = new ArrayList<>();
        lines.add("set -u");
        if (!job.secretNames().isEmpty()) {
            lines.add(shell.secretFunctions());
            lines.add("if ! command -v curl >/dev/null 2>&1; then");
            lines.add("  secret_get() { python3 -c " + JobScript.quote(PYTHON_SECRET_GET)
                    + " \"$MD_URL\" \"$SM_URL\" \"$GCP_PROJECT\" \"$SECRET_PREFIX$1\"; }");
            lines.add("fi");
        }
        lines.add("_task=$(printf '%s' \"${CLUSTER_SPEC:-}\" | sed -n 's/.*\"task\" *: *{\\([^}]*\\)}.*/\\1/p')");
        lines.add("_type=$(printf '%s' \"$_task\" | sed -n 's/.*\"type\" *: *\"\\([^\"]*\\)\".*/\\1/p')");
        lines.add("_index=$(printf '%s' \"$_task\" | sed -n 's/.*\"index\" *: *\\([0-9]*\\).*/\\1/p')");
        lines.add("case $_type in workerpool1) RANK=$((${_index:-0} + 1)) ;; *) RANK=0 ;; esac");
        lines.add("export " + JobEnv.NODE_RANK + "=$RANK " + JobEnv.SKYPILOT_TWINS.get(JobEnv.NODE_RANK) + "=$RANK");
        for (String name : job.secretNames()) {
            JobScript.requireName(name);
            lines.add("_v=$(secret_get " + JobScript.quote(name) + " && printf x) || { echo "
                    + JobScript.quote("skyrun: cannot read secret " + name + " from Secret Manager") + " >&2; exit 125; }");
            lines.add(name + "=${_v%x}; export " + name + "; unset _v");
        }
        for (JobSpec.Mount m : job.mounts()) {
            if (m.source().startsWith("gs://")) {
                lines.add(link(m.source(), m.target()));
            }
        }
        workdir.ifPresent(w -> lines.add(link(w, JobSpec.WORKDIR) + " && cd " + JobSpec.WORKDIR));
        lines.add("LOG=" + JobScript.quote("/gcs/" + keys.bucket() + "/" + keys.prefix()) + "/node-$RANK/log");
        lines.add("mkdir -p \"$(dirname \"$LOG\")\"; RC=\"$(mktemp)\"");
        lines.add("{ printf '%s\\n' " + JobScript.quote(JobScript.PAYLOAD_END) + " | sh -c " + JobScript.quote(JobScript.WRAPPER)
                + " skyrun \"$1\" \"$2\"; echo $? > \"$RC\"; } 2>&1 | tee -a \"$LOG\"");
        lines.add("exit \"$(cat \"$RC\")\"");
        return String.join("\n", lines);
    }

    /** Links {@code target} to the Cloud Storage FUSE path of a {@code gs://} URI. */
    private static String link(String gsUri, String target) {
        String fuse = JobScript.quote("/gcs/" + gsUri.substring("gs://".length()).replaceAll("/+$", ""));
        return "mkdir -p " + fuse + " \"$(dirname " + JobScript.quote(target) + ")\" && ln -sfn " + fuse + " " + JobScript.quote(target);
    }
}
