package dev.skyrun.local;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.CrashPoints;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobEnv;
import dev.skyrun.exec.JobScript;
import dev.skyrun.exec.JobSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a job on a local cluster: one container per node (created, workdir copied in,
 * started), then hands each its start-time payload (secrets and node IPs) on stdin.
 */
final class JobStarter {

    private final DockerClient docker;
    private final Machine machine;

    JobStarter(DockerClient docker, Machine machine) {
        this.docker = docker;
        this.machine = machine;
    }

    void start(Cluster cluster, JobSpec job, Secrets secrets) throws IOException {
        List<Node> nodes = new ArrayList<>();
        for (int rank = 0; rank < cluster.nodeIds().size(); rank++) {
            nodes.add(createOrAdopt(cluster, job, rank));
        }
        CrashPoints.hit(CrashPoints.AFTER_CREATE);
        List<PayloadDelivery> deliveries = new ArrayList<>();
        Map<String, NodeAddress> addresses = new java.util.HashMap<>();
        try {
            for (Node n : nodes) {
                var s = n.createdNow() ? null : docker.inspectContainerCmd(n.id()).exec().getState();
                boolean created = n.createdNow() || "created".equals(s.getStatus());
                if (created) {
                    // attached before it starts (as docker run does): the wrapper's stdin is there at once
                    PayloadDelivery d = PayloadDelivery.attach(docker, n.id());
                    deliveries.add(d);
                    NodeAddress address = NodeAddress.during(docker, n.id(), network(cluster));
                    try {
                        docker.startContainerCmd(n.id()).exec();
                    } catch (RuntimeException e) {
                        throw LocalErrors.of("start container", n.id(), e);
                    } finally {
                        address.started();
                    }
                    addresses.put(n.id(), address);
                } else {
                    boolean waiting = Boolean.TRUE.equals(s.getRunning()) && !payloadRead(n.id());
                    deliveries.add(waiting ? PayloadDelivery.attach(docker, n.id()) : null);
                }
            }
            List<String> ids = nodes.stream().map(Node::id).toList();
            List<String> ips = new ArrayList<>();
            for (String id : ids) {
                NodeAddress a = addresses.get(id);
                ips.add(a != null ? a.ip() : NodeAddress.of(docker.inspectContainerCmd(id).exec(), network(cluster)));
            }
            CrashPoints.hit(CrashPoints.DURING_START);
            for (int rank = 0; rank < ids.size(); rank++) {
                if (deliveries.get(rank) != null) {
                    Map<String, String> payload = new LinkedHashMap<>(JobEnv.node(rank, ips));
                    payload.putAll(secrets.reveal());
                    deliveries.get(rank).deliver(JobScript.payload(payload));
                }
            }
        } finally {
            for (PayloadDelivery d : deliveries) {
                if (d != null) {
                    d.close();
                }
            }
        }
    }

    /** A node's container, and whether this call created it (else it existed: a resumed attempt). */
    private record Node(String id, boolean createdNow) {}

    /** Whether a running container's wrapper already read its payload (it then printed a phase mark). */
    private boolean payloadRead(String id) {
        String err = new LocalLogs(docker).stderr(id, 0);
        return err.contains(JobScript.SETUP_MARK) || err.contains(JobScript.RUN_MARK);
    }

    /**
     * Creates the node's container, or adopts the one a crashed controller created (same name):
     * creating first spares a listing in the common case; the engine refuses a taken name (409).
     */
    private Node createOrAdopt(Cluster cluster, JobSpec job, int rank) throws IOException {
        String name = cluster.nodeIds().get(rank);
        String id;
        try {
            id = createCommand(cluster, job, rank).exec().getId();
        } catch (ConflictException taken) {
            return new Node(existing(name).orElseThrow(() -> LocalErrors.of("create container", name, taken)), false);
        } catch (NotFoundException e) {
            if (e.getMessage() == null || !e.getMessage().contains("image")) {
                throw LocalErrors.of("create container", name, e);
            }
            throw new CloudException("local: image '" + job.image() + "' is not on this machine; build it (containers/"
                    + "build-images.sh makes skyrun/busybox:local) or docker pull it", e);
        } catch (RuntimeException e) {
            throw LocalErrors.of("create container", name, e);
        }
        if (job.workdir().isPresent()) {
            Path tar = Tars.ofDirectory(Path.of(job.workdir().get()), JobSpec.WORKDIR.substring(1));
            try (var in = java.nio.file.Files.newInputStream(tar)) {
                docker.copyArchiveToContainerCmd(id).withTarInputStream(in).withRemotePath("/").exec();
            } finally {
                java.nio.file.Files.deleteIfExists(tar);
            }
        }
        return new Node(id, true);
    }

    private java.util.Optional<String> existing(String name) {
        for (Container c : docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(name)).exec()) {
            if (c.getNames() != null && List.of(c.getNames()).contains("/" + name)) {
                return java.util.Optional.of(c.getId());
            }
        }
        return java.util.Optional.empty();
    }

    private CreateContainerCmd createCommand(Cluster cluster, JobSpec job, int rank) {
        Map<String, String> labels = new LinkedHashMap<>();
        cluster.attributes().forEach((k, v) -> {
            if (k.startsWith("skyrun-")) {
                labels.put(k, v);
            }
        });
        labels.put(Labels.RUN, job.runId());
        labels.put(Labels.CLUSTER, cluster.name());
        labels.put(Labels.NODE, Integer.toString(rank));
        Map<String, String> env = new LinkedHashMap<>(job.env());
        env.putAll(JobEnv.shared(job));
        List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        CreateContainerCmd cmd = docker.createContainerCmd(job.image())
                .withName(cluster.nodeIds().get(rank))
                .withLabels(labels)
                .withEnv(envList)
                .withCmd(JobScript.reportingExit(job))
                .withEntrypoint(List.of())
                .withHostName("node" + rank)
                .withStdinOpen(true)
                .withStdInOnce(true)
                .withHostConfig(hostConfig(cluster, job));
        if (job.workdir().isPresent()) {
            cmd.withWorkingDir(JobSpec.WORKDIR);
        }
        return cmd;
    }

    private HostConfig hostConfig(Cluster cluster, JobSpec job) {
        HostConfig host = HostConfig.newHostConfig().withNetworkMode(cluster.attributes().get(LocalCloud.NETWORK));
        List<Bind> binds = new ArrayList<>();
        for (JobSpec.Mount m : job.mounts()) {
            binds.add(Bind.parse(m.source() + ":" + m.target() + (m.readOnly() ? ":ro" : ":rw")));
        }
        host.withBinds(binds);
        if (job.cpus() > 0) {
            host.withNanoCPUs((long) (Math.min(job.cpus(), machine.cpus()) * 1e9));
        }
        if (job.memoryGib() > 0) {
            long bytes = (long) (job.memoryGib() * 1024 * 1024 * 1024);
            host.withMemory(bytes).withMemorySwap(bytes);
        }
        if (job.gpusPerNode() > 0) {
            host.withDeviceRequests(List.of(new DeviceRequest().withDriver("nvidia")
                    .withCount((int) Math.ceil(job.gpusPerNode())).withCapabilities(List.of(List.of("gpu")))));
        }
        return host;
    }

    private static String network(Cluster cluster) {
        return cluster.attributes().get(LocalCloud.NETWORK);
    }

}
