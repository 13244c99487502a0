package dev.skyrun.kubernetes;

import dev.skyrun.exec.JobEnv;
import dev.skyrun.exec.JobSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod of one node of a job: the job's image running {@link PodScript}, its environment (secrets
 * only by reference to the run's Secret), CPU and memory requests, the accelerator as a limit of its
 * extended resource, a node selector for the accelerator's product label and, on spot, the
 * provider's spot label, and tolerations for the GPU/TPU and spot taints.
 *
 * @param cluster the cluster's name
 * @param labels the labels every object of the cluster carries (Kubernetes-valid values)
 * @param target the node labels the pods must land on
 * @param job what the node runs
 * @param secrets whether the run has secrets (its Secret exists)
 */
record PodTemplate(String cluster, Map<String, String> labels, Target target, JobSpec job, boolean secrets) {

    /** The container's name in every pod. */
    static final String CONTAINER = "job";

    /**
     * Where the pods go.
     *
     * @param accelerator the accelerator the nodes must have, empty for CPU only
     * @param count how many of it a pod limits
     * @param spot the spot label the nodes must carry, empty for on-demand
     */
    record Target(Optional<NodeAccelerator> accelerator, int count, Optional<SpotLabel> spot) {}

    /** The pod of node {@code rank}. */
    Pod pod(int rank) {
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put(dev.skyrun.cloud.Labels.NODE, Integer.toString(rank));
        return new PodBuilder()
                .withNewMetadata().withName(KubeNames.pod(cluster, rank)).withLabels(podLabels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withEnableServiceLinks(false)
                .withHostname(KubeNames.pod(cluster, rank))
                .withSubdomain(job.nodes() > 1 ? KubeNames.service(cluster) : null)
                .withNodeSelector(nodeSelector())
                .withTolerations(tolerations())
                .withVolumes(volumes())
                .withContainers(new ContainerBuilder()
                        .withName(CONTAINER)
                        .withImage(job.image())
                        .withCommand(PodScript.command(job))
                        .withEnv(env(rank))
                        .withEnvFrom(secrets ? List.of(new EnvFromSourceBuilder().withNewSecretRef(KubeNames.secret(cluster), false).build())
                                : List.of())
                        .withWorkingDir(job.workdir().isPresent() ? JobSpec.WORKDIR : null)
                        .withVolumeMounts(volumeMounts())
                        .withNewResources().withRequests(requests()).withLimits(limits()).endResources()
                        .build())
                .endSpec()
                .build();
    }

    private List<EnvVar> env(int rank) {
        Map<String, String> env = new LinkedHashMap<>(job.env());
        env.putAll(JobEnv.shared(job));
        JobEnv.node(rank, List.of()).forEach((k, v) -> {
            if (!k.equals(JobEnv.NODE_IPS) && !k.equals(JobEnv.SKYPILOT_TWINS.get(JobEnv.NODE_IPS))) {
                env.put(k, v);
            }
        });
        env.put(PodScript.POD_PREFIX, KubeNames.podPrefix(cluster));
        env.put(PodScript.SERVICE, job.nodes() > 1 ? KubeNames.service(cluster) : "");
        List<EnvVar> out = new ArrayList<>(env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList());
        out.add(new EnvVarBuilder().withName(PodScript.POD_IP).withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().build());
        return out;
    }

    private Map<String, String> nodeSelector() {
        Map<String, String> selector = new LinkedHashMap<>();
        target.accelerator().filter(a -> !a.labelKey().isEmpty()).ifPresent(a -> selector.put(a.labelKey(), a.labelValue()));
        target.accelerator().filter(a -> a.resource().equals(NodeAccelerator.TPU)).ifPresent(a ->
                Optional.of(a.topology()).filter(t -> !t.isEmpty()).ifPresent(t -> selector.put(NodeAccelerator.GKE_TPU_TOPOLOGY, t)));
        target.spot().ifPresent(s -> selector.put(s.key(), s.value()));
        return selector;
    }

    /** GKE taints GPU and TPU nodes with their resource's name, AKS and (optionally) GKE taint spot pools. */
    private List<Toleration> tolerations() {
        List<Toleration> out = new ArrayList<>();
        target.accelerator().ifPresent(a -> out.add(new TolerationBuilder().withKey(a.resource()).withOperator("Exists")
                .withEffect("NoSchedule").build()));
        target.spot().ifPresent(s -> SpotLabel.ALL.forEach(any -> out.add(new TolerationBuilder().withKey(any.key())
                .withOperator("Equal").withValue(any.value()).withEffect("NoSchedule").build())));
        return out;
    }

    private Map<String, Quantity> requests() {
        Map<String, Quantity> out = new LinkedHashMap<>();
        if (job.cpus() > 0) {
            out.put("cpu", new Quantity(trim(job.cpus())));
        }
        if (job.memoryGib() > 0) {
            out.put("memory", new Quantity(trim(job.memoryGib()), "Gi"));
        }
        out.putAll(limits());
        return out;
    }

    /** Extended resources are limits (requests equal them); CPU and memory are requests, so a job may burst. */
    private Map<String, Quantity> limits() {
        Map<String, Quantity> out = new LinkedHashMap<>();
        target.accelerator().ifPresent(a -> out.put(a.resource(), new Quantity(Integer.toString(target.count()))));
        return out;
    }

    /**
     * The job's mount targets as {@code emptyDir} volumes: a cluster does not share the runner's
     * file system, so a local mount's content is not copied in (the job sees an empty directory).
     */
    private List<Volume> volumes() {
        List<Volume> out = new ArrayList<>();
        for (int i = 0; i < job.mounts().size(); i++) {
            out.add(new VolumeBuilder().withName("mount-" + i).withNewEmptyDir().endEmptyDir().build());
        }
        return out;
    }

    private List<VolumeMount> volumeMounts() {
        List<VolumeMount> out = new ArrayList<>();
        for (int i = 0; i < job.mounts().size(); i++) {
            out.add(new VolumeMountBuilder().withName("mount-" + i).withMountPath(job.mounts().get(i).target()).build());
        }
        return out;
    }

    private static String trim(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : Double.toString(n);
    }
}
