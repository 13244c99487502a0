package dev.skyrun.lambda;

import static dev.skyrun.exec.JobScript.quote;

import dev.skyrun.cloud.MountRelay;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.NodeHealth;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.cloud.VmStatus;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.storage.StoreCopy;
import dev.skyrun.storage.StoreUri;
import dev.skyrun.storage.Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;

/**
 * A Lambda cluster's instances as the runner reaches them: one SSH session per instance (kept
 * open between looks), the job handed over at submit (rank, secrets into a memory-only directory,
 * the workdir and the job script, all on the sessions' stdin), and the job's state read by the
 * one VM status reader from the instances' files, weighed against what the API says of each
 * instance.
 */
final class LambdaNodes implements AutoCloseable {

    private final LambdaConfig config;
    private final LambdaApi api;
    private final LambdaErrors errors;
    private final Map<String, NodeShell> shells = new ConcurrentHashMap<>();
    private final Map<String, Instant> unreachableSince = new ConcurrentHashMap<>();
    private final Map<String, CheckpointPull> pulls = new ConcurrentHashMap<>();
    private SshClient client;

    LambdaNodes(LambdaConfig config, LambdaApi api, LambdaErrors errors) {
        this.config = config;
        this.api = api;
        this.errors = errors;
    }

    /** Hands the job to every node: its rank, the secrets, the workdir, then the job script the launcher waits for. */
    void start(Cluster cluster, StatusKeys keys, String script, JobSpec job, Secrets secrets) {
        NodeStore store = store(cluster);
        String secretDir = config.secretRoot() + "/" + cluster.name();
        for (int r = 0; r < cluster.nodeIds().size(); r++) {
            NodeShell shell = shell(cluster, r);
            put(shell, config.vmRoot() + "/" + LambdaShell.BUCKET + "/" + LambdaShell.RANK_KEY, Integer.toString(r));
            for (Map.Entry<String, String> s : secrets.reveal().entrySet()) {
                put(shell, secretDir + "/" + dev.skyrun.exec.JobScript.requireName(s.getKey()), s.getValue());
            }
        }
        try {
            if (job.workdir().isPresent()) {
                StoreUri at = StoreUri.parse("s3://" + LambdaShell.BUCKET + "/" + keys.prefix() + "/workdir");
                StoreCopy.upload(Path.of(job.workdir().get()), Stores.open(at, (scheme, uri) -> Optional.of(store)));
            }
            store.put(keys.storeKey(keys.job()), script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CloudException("lambda: cannot hand the job to cluster " + cluster.name() + ": " + e.getMessage(), e);
        }
    }

    /** The runner's copy of a cluster's checkpoint directory, refreshed from node 0 now and then and when the job ends. */
    private record CheckpointPull(Path local, NodeStore remote, long[] next) {}

    /**
     * The job with its local mounts (files the runner staged, the checkpoint directory) copied to
     * the nodes over SSH and named as the nodes' own store ({@code lambda://skyrun/PREFIX/mounts/N}),
     * which the bootstrap copies in, and back for a writable mount. The checkpoint comes back to the
     * runner's directory ({@link #state}), so the next attempt, on any cloud, starts from it.
     * Store mounts other than the nodes' own stay as they are (a Lambda instance holds no
     * credentials of another cloud's store; the runner stages those locally).
     */
    JobSpec relayMounts(Cluster cluster, StatusKeys keys, JobSpec job) {
        List<JobSpec.Mount> mounts = new ArrayList<>();
        int n = 0;
        for (JobSpec.Mount m : job.mounts()) {
            if (m.source().contains("://")) {
                mounts.add(m);
                continue;
            }
            String dir = keys.prefix() + "/mounts/" + n++;
            NodeStore remote = new NodeStore(config.vmRoot() + "/" + LambdaShell.BUCKET + "/" + dir, cluster.nodeIds().size(),
                    r -> shell(cluster, r));
            try {
                StoreCopy.uploadWithoutDigestList(Path.of(m.source()), remote); // the job rewrites the files: no digest list
            } catch (IOException e) {
                throw new CloudException("lambda: cannot copy " + m.target() + " to cluster " + cluster.name() + ": " + e.getMessage(), e);
            }
            mounts.add(new JobSpec.Mount(m.target(), "lambda://" + LambdaShell.BUCKET + "/" + dir, m.readOnly()));
            if (m.target().equals(job.checkpointDir()) && !m.readOnly()) {
                pulls.put(cluster.name(), new CheckpointPull(Path.of(m.source()), remote, new long[] {System.nanoTime()}));
            }
        }
        return job.withMounts(mounts);
    }

    /** The job's state: a node the API shows gone is LOST; else what the nodes wrote, read over SSH. */
    NodeState state(Cluster cluster, StatusKeys keys) {
        List<NodeHealth> health = health(cluster);
        for (NodeHealth h : health) {
            if (h.status() == NodeHealth.Status.GONE || h.status() == NodeHealth.Status.STOPPED) {
                return new NodeState.Lost(h.detail());
            }
        }
        Duration timeout = VmStatus.heartbeatTimeout(config::number);
        try {
            NodeState s = status(cluster, keys).state(cluster.nodeIds().size(), health, timeout, Instant.now());
            unreachableSince.remove(cluster.name());
            pullCheckpoint(cluster.name(), s.ended());
            return s;
        } catch (CloudException e) {
            Instant since = unreachableSince.computeIfAbsent(cluster.name(), c -> Instant.now());
            cluster.nodeIds().forEach(id -> closeShell(id));
            if (Duration.between(since, Instant.now()).compareTo(timeout) > 0) {
                return new NodeState.Lost("unreachable over SSH for " + timeout.toSeconds() + " s: " + e.getMessage());
            }
            return new NodeState.Unrecognized("unreachable over SSH: " + e.getMessage());
        }
    }

    /** Copies node 0's checkpoint directory to the runner's, every {@code checkpoint_pull_s} (30) and once the job ended. */
    private void pullCheckpoint(String clusterName, boolean ended) {
        CheckpointPull pull = pulls.get(clusterName);
        if (pull == null || !ended && System.nanoTime() < pull.next()[0]) {
            return;
        }
        pull.next()[0] = System.nanoTime() + MountRelay.checkpointPull(config::number).toNanos();
        try {
            StoreCopy.download(pull.remote(), pull.local());
        } catch (IOException | CloudException e) {
            // the next look tries again; the nodes keep their copy
        }
        if (ended) {
            pulls.remove(clusterName);
        }
    }

    /** The VM status reader over the cluster's instances. */
    VmStatus status(Cluster cluster, StatusKeys keys) {
        return new VmStatus(LambdaProvider.NAME, store(cluster), keys);
    }

    /** Closes the sessions of instances being terminated. */
    void forget(List<CloudResource> compute) {
        compute.forEach(r -> closeShell(r.id()));
    }

    @Override
    public synchronized void close() {
        shells.values().forEach(NodeShell::close);
        shells.clear();
        if (client != null) {
            client.stop();
            client = null;
        }
    }

    private List<NodeHealth> health(Cluster cluster) {
        List<NodeHealth> out = new ArrayList<>();
        for (String id : cluster.nodeIds()) {
            Optional<LambdaApi.Instance> i = errors.call("instances/get", cluster.placement().region(), () -> api.instance(id));
            out.add(i.map(LambdaNodes::health).orElse(new NodeHealth(id, NodeHealth.Status.GONE,
                    "instance " + id + " no longer exists (terminated outside skyrun)")));
        }
        return out;
    }

    private static NodeHealth health(LambdaApi.Instance i) {
        return switch (i.status()) {
            case "booting" -> new NodeHealth(i.id(), NodeHealth.Status.STARTING, "instance " + i.id() + " booting");
            case "terminated", "terminating", "preempted" -> new NodeHealth(i.id(), NodeHealth.Status.GONE,
                    "instance " + i.id() + " " + i.status() + " outside skyrun");
            default -> new NodeHealth(i.id(), NodeHealth.Status.UP, "instance " + i.id() + " " + i.status());
        };
    }

    private NodeStore store(Cluster cluster) {
        return new NodeStore(config.vmRoot(), cluster.nodeIds().size(), r -> shell(cluster, r));
    }

    private NodeShell shell(Cluster cluster, int rank) {
        String id = cluster.nodeIds().get(rank);
        NodeShell s = shells.get(id);
        if (s != null && s.isOpen()) {
            return s;
        }
        String host = cluster.attributes().get("ips").split(",")[rank];
        ClusterKey key = ClusterKey.load(config.keyDir(), cluster.attributes().get("key"));
        NodeShell fresh = NodeShell.connect(client(), config.sshUser(), host, config.sshPort(), key.pair(),
                Duration.ofSeconds(config.number("ssh_timeout_s", 20)));
        NodeShell old = shells.put(id, fresh);
        if (old != null) {
            old.close();
        }
        return fresh;
    }

    private void closeShell(String id) {
        NodeShell s = shells.remove(id);
        if (s != null) {
            s.close();
        }
    }

    private synchronized SshClient client() {
        if (client == null) {
            client = SshClient.setUpDefaultClient();
            // Lambda's API does not publish an instance's host key; the per-cluster key authenticates us to it.
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
        }
        return client;
    }

    /** Writes {@code value} to {@code path} on the instance through stdin, readable by its owner only. */
    private static void put(NodeShell shell, String path, String value) {
        String dir = path.substring(0, path.lastIndexOf('/'));
        NodeShell.Result r = shell.run("umask 077 && mkdir -p " + quote(dir) + " && cat > " + quote(path),
                value.getBytes(StandardCharsets.UTF_8));
        if (r.exit() != 0) {
            throw new CloudException("lambda: cannot write " + path + " on the instance (exit " + r.exit() + "): " + r.stderr().strip());
        }
    }
}
