package dev.skyrun.local;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.CredentialCheck;
import dev.skyrun.cloud.JobHandle;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.cloud.TeardownPace;
import dev.skyrun.exec.JobSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local Docker engine as a cloud: a cluster is a labelled bridge network, each node a
 * labelled container on it. Reached through docker-java's zerodep transport on the unix
 * socket or {@code DOCKER_HOST} ({@code SKYRUN_LOCAL_ENDPOINT} overrides both).
 */
public final class LocalCloud implements Cloud {

    /** The attribute of a {@link Cluster} holding its network's name. */
    static final String NETWORK = "network";

    /** The engine's default network, where a single-node cluster's container runs. */
    static final String DEFAULT_NETWORK = "bridge";

    private final DockerClient docker;
    private final Machine machine;
    private final ContainerWatch watch;

    LocalCloud(DockerClient docker, Machine machine) {
        this.docker = docker;
        this.machine = machine;
        this.watch = new ContainerWatch(docker);
    }

    /** Connects to the engine the settings (or the environment) name. */
    static LocalCloud connect(CloudSettings settings) {
        DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder();
        settings.endpoint().ifPresent(uri -> b.withDockerHost(uri.toString()));
        DockerClientConfig cfg = b.build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(cfg.getDockerHost())
                .sslConfig(cfg.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        return new LocalCloud(DockerClientImpl.getInstance(cfg, http), Machine.detect());
    }

    /** What this machine offers. */
    public Machine machine() {
        return machine;
    }

    @Override
    public String name() {
        return LocalProvider.NAME;
    }

    @Override
    public CredentialCheck check() {
        try {
            var v = docker.versionCmd().exec();
            return new CredentialCheck(name(), true, "docker " + v.getVersion() + " (API " + v.getApiVersion() + ")",
                    List.of("engine: ok", "cpus: " + machine.cpus(), String.format("memory: %.1f GiB", machine.memoryGib()),
                            "gpus: " + machine.gpus()));
        } catch (RuntimeException e) {
            return new CredentialCheck(name(), false, "docker", List.of("engine: " + LocalErrors.of("ping", "engine", e)
                    .getMessage()));
        }
    }

    @Override
    public Cluster provision(Placement placement, ClusterRequest request) throws CapacityException {
        if (placement.vcpus() > machine.cpus() || placement.memoryGib() > machine.memoryGib()) {
            throw new CapacityException(CapacityException.Scope.CLOUD, String.format(
                    "local: a node needs %.1f vCPUs and %.1f GiB but this machine has %d and %.1f GiB",
                    placement.vcpus(), placement.memoryGib(), machine.cpus(), machine.memoryGib()));
        }
        int gpus = placement.accelerator().map(a -> (int) Math.ceil(a.count())).orElse(0);
        if (gpus > machine.gpus()) {
            throw new CapacityException(CapacityException.Scope.CLOUD, "local: a node needs " + gpus
                    + " GPUs but nvidia-smi lists " + machine.gpus());
        }
        // A single node needs no network of its own (creating one costs the engine ~0.2 s): the default bridge.
        String network = placement.nodes() > 1 ? "skyrun-" + request.clusterName() : DEFAULT_NETWORK;
        Labels labels = request.labels().with(Labels.CLUSTER, request.clusterName())
                .with(Labels.INTENT, request.intentToken());
        if (placement.nodes() > 1) {
            createNetwork(network, labels);
        }
        List<String> nodes = new ArrayList<>();
        for (int rank = 0; rank < placement.nodes(); rank++) {
            nodes.add(request.clusterName() + "-" + rank);
        }
        Map<String, String> attributes = new java.util.TreeMap<>(labels.values());
        attributes.put(NETWORK, network);
        return new Cluster(name(), request.clusterName(), placement, nodes, attributes);
    }

    private void createNetwork(String network, Labels labels) {
        try {
            List<Network> existing = docker.listNetworksCmd().withNameFilter(network).exec();
            if (existing.stream().noneMatch(n -> n.getName().equals(network))) {
                docker.createNetworkCmd().withName(network).withDriver("bridge").withLabels(labels.values()).exec();
            }
        } catch (RuntimeException e) {
            throw LocalErrors.of("create network", network, e);
        }
    }

    @Override
    public NodeState state(Cluster cluster) {
        var byRank = containers(cluster);
        boolean signalled = byRank.values().stream().map(c -> c.getState()).anyMatch(s -> "exited".equals(s.getStatus())
                && !Boolean.TRUE.equals(s.getOOMKilled()) && s.getExitCodeLong() != null && s.getExitCodeLong() >= 128);
        if ((signalled || byRank.size() < cluster.nodeIds().size()) && watch.started()) {
            watch.settle(cluster.name(), Duration.ofMillis(300));
        }
        Map<Integer, String> tails = new java.util.TreeMap<>();
        byRank.forEach((rank, c) -> {
            var s = c.getState();
            if ("exited".equals(s.getStatus()) && !Boolean.TRUE.equals(s.getOOMKilled()) && s.getExitCodeLong() != null
                    && s.getExitCodeLong() != 0) {
                tails.put(rank, new LocalLogs(docker).stderr(c.getId(), NodeStates.TAIL_LINES));
            }
        });
        return NodeStates.of(byRank, cluster.nodeIds().size(), watch.killedFromOutside(cluster.name()), tails);
    }

    @Override
    public NodeState awaitChange(Cluster cluster, NodeState last, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long events = watch.seen(cluster.name());
        NodeState now = state(cluster);
        while (now.equals(last) && System.nanoTime() < deadline) {
            watch.awaitEvent(cluster.name(), events, Duration.ofMillis(Math.min(500, Math.max(1,
                    (deadline - System.nanoTime()) / 1_000_000))));
            events = watch.seen(cluster.name());
            now = state(cluster);
        }
        return now;
    }

    @Override
    public JobHandle submit(Cluster cluster, JobSpec job, Secrets secrets) {
        watch.start();
        try {
            new JobStarter(docker, machine).start(cluster, job, secrets);
        } catch (IOException e) {
            throw new CloudException("local: cannot prepare cluster " + cluster.name() + ": " + e.getMessage(), e);
        }
        return new JobHandle(cluster, cluster.name());
    }

    @Override
    public void logs(Cluster cluster, LogQuery query, Consumer<LogLine> sink) {
        new LocalLogs(docker).stream(cluster, query, sink);
    }

    @Override
    public int exec(Cluster cluster, int node, List<String> command, Consumer<LogLine> sink) {
        return new LocalLogs(docker).exec(cluster, node, command, sink);
    }

    /** The cluster's containers (the compute), by the names provisioning gave them. */
    @Override
    public List<CloudResource> compute(Cluster cluster) {
        return cluster.nodeIds().stream().map(n -> new CloudResource(name(), "container", n, Map.of(Labels.CLUSTER, cluster.name())))
                .toList();
    }

    @Override
    public Labels labels(Cluster cluster) {
        return Labels.cluster(cluster.attributes().getOrDefault(Labels.RUN, ""), cluster.name());
    }

    @Override
    public List<CloudResource> findCompute(Labels labels) {
        List<String> filters = filters(labels);
        try {
            return docker.listContainersCmd().withShowAll(true).withFilter("label", filters).exec().stream()
                    .map(c -> new CloudResource(name(), "container", c.getId(), c.getLabels())).toList();
        } catch (RuntimeException e) {
            throw LocalErrors.of("list", "containers labelled " + labels.values(), e);
        }
    }

    /** Removes the containers (force: a running one is killed); their stops are expected, not preemptions. */
    @Override
    public void terminateCompute(List<CloudResource> compute) {
        for (CloudResource r : compute) {
            Optional.ofNullable(r.labels().get(Labels.CLUSTER)).ifPresent(watch::expectStop);
            remove(r);
        }
    }

    @Override
    public List<CloudResource> liveCompute(List<CloudResource> compute) {
        List<CloudResource> live = new ArrayList<>();
        for (CloudResource r : compute) {
            try {
                docker.inspectContainerCmd(r.id()).exec();
                live.add(r);
            } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                // removed
            } catch (RuntimeException e) {
                throw LocalErrors.of("inspect", "container " + r.id(), e);
            }
        }
        return live;
    }

    /** The cluster's bridge network, once its containers are gone. */
    @Override
    public List<String> auxiliaryKinds() {
        return List.of("network");
    }

    @Override
    public List<CloudResource> findAuxiliary(String kind, Labels labels) {
        List<String> filters = filters(labels);
        try {
            return docker.listNetworksCmd().withFilter("label", filters).exec().stream()
                    .map(n -> new CloudResource(name(), "network", n.getId(), n.getLabels())).toList();
        } catch (RuntimeException e) {
            throw LocalErrors.of("list", "networks labelled " + labels.values(), e);
        }
    }

    @Override
    public TeardownPace teardownPace() {
        return new TeardownPace(Duration.ofMillis(100), Duration.ofSeconds(60));
    }

    private static List<String> filters(Labels labels) {
        List<String> filters = labels.values().entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue()).toList();
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("refusing to list every resource: give at least one label");
        }
        return filters;
    }

    @Override
    public void remove(CloudResource resource) {
        try {
            if (resource.kind().equals("container")) {
                docker.removeContainerCmd(resource.id()).withForce(true).withRemoveVolumes(true).exec();
            } else if (resource.kind().equals("network")) {
                docker.removeNetworkCmd(resource.id()).exec();
            }
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            // already gone
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            // removal already in progress
        } catch (RuntimeException e) {
            throw LocalErrors.of("remove " + resource.kind(), resource.id(), e);
        }
    }

    /**
     * The cluster's containers, inspected by name (one call per node, no listing), by rank;
     * absent ranks (not created yet, or removed) missing.
     */
    private Map<Integer, com.github.dockerjava.api.command.InspectContainerResponse> containers(Cluster cluster) {
        Map<Integer, com.github.dockerjava.api.command.InspectContainerResponse> byRank = new java.util.TreeMap<>();
        for (int rank = 0; rank < cluster.nodeIds().size(); rank++) {
            String name = cluster.nodeIds().get(rank);
            try {
                byRank.put(rank, docker.inspectContainerCmd(name).exec());
            } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                // not created yet, or removed
            } catch (RuntimeException e) {
                throw LocalErrors.of("inspect", "container " + name + " of cluster " + cluster.name(), e);
            }
        }
        return byRank;
    }

    @Override
    public Optional<String> imageDigest(String image) {
        try {
            com.github.dockerjava.api.command.InspectImageResponse i = docker.inspectImageCmd(image).exec();
            List<String> repoDigests = i.getRepoDigests() == null ? List.of() : i.getRepoDigests();
            return repoDigests.isEmpty() ? Optional.ofNullable(i.getId()) : Optional.of(repoDigests.get(0));
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new CloudException("local: image '" + image + "' is not on this machine; build it (containers/"
                    + "build-images.sh makes skyrun/busybox:local) or docker pull it");
        } catch (RuntimeException e) {
            throw LocalErrors.of("inspect image", image, e);
        }
    }

    @Override
    public void close() {
        watch.close();
        try {
            docker.close();
        } catch (IOException e) {
            // closing: nothing left to release
        }
    }
}
