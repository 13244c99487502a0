package dev.skyrun.gcp;

import dev.skyrun.cloud.NodeState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the nodes' startup scripts reported to the cluster's GCS prefix, combined with the
 * provider's view of the nodes into the job's {@link NodeState}.
 */
final class JobReports {

    private final GcsStore store;
    private final GcpConfig config;
    private final RunPrefix prefix;
    private final Set<String> keys;

    private JobReports(GcsStore store, GcpConfig config, RunPrefix prefix, Set<String> keys) {
        this.store = store;
        this.config = config;
        this.prefix = prefix;
        this.keys = keys;
    }

    /** Reads what is there now (one list call). */
    static JobReports read(GcsStore store, GcpConfig config, RunPrefix prefix) throws IOException {
        return new JobReports(store, config, prefix, new TreeSet<>(store.list(prefix.relativeTo(config, prefix.prefix()))));
    }

    /** A node file's text, if the node wrote it. */
    Optional<String> text(int rank, RunPrefix.NodeFile f) throws IOException {
        String key = prefix.relativeTo(config, prefix.node(rank, f));
        if (!keys.contains(key)) {
            return Optional.empty();
        }
        try (InputStream in = store.open(key)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** A node's exit code, if it finished. */
    OptionalInt exitCode(int rank) throws IOException {
        Optional<String> t = text(rank, RunPrefix.NodeFile.EXIT_CODE);
        return t.isPresent() && t.get().matches("-?\\d+") ? OptionalInt.of(Integer.parseInt(t.get())) : OptionalInt.empty();
    }

    /**
     * The job's state: a preemption notice wins, then exit codes, then the nodes' health.
     *
     * @param ranks how many ranks run the job
     * @param health the provider's view of each node
     */
    NodeState state(int ranks, List<NodeHealth> health) throws IOException {
        for (int r = 0; r < ranks; r++) {
            Optional<String> notice = text(r, RunPrefix.NodeFile.PREEMPTED);
            if (notice.isPresent()) {
                return new NodeState.Preempted("node-" + r + ": " + notice.get());
            }
        }
        for (NodeHealth h : health) {
            if (h.status() == NodeHealth.Status.PREEMPTED) {
                return new NodeState.Preempted(h.detail());
            }
        }
        int finished = 0;
        for (int r = 0; r < ranks; r++) {
            OptionalInt code = exitCode(r);
            if (code.isPresent() && code.getAsInt() != 0) {
                return new NodeState.Failed(code.getAsInt(), "exit code " + code.getAsInt() + " on node-" + r);
            }
            finished += code.isPresent() ? 1 : 0;
        }
        if (finished == ranks) {
            return new NodeState.Succeeded();
        }
        for (NodeHealth h : health) {
            if (h.status() == NodeHealth.Status.GONE || h.status() == NodeHealth.Status.STOPPED) {
                return new NodeState.Lost(h.detail());
            }
        }
        boolean allUp = health.stream().allMatch(h -> h.status() == NodeHealth.Status.UP);
        int running = 0;
        for (int r = 0; r < ranks; r++) {
            running += text(r, RunPrefix.NodeFile.STATUS).filter("running"::equals).isPresent() ? 1 : 0;
        }
        if (allUp && running == ranks) {
            return new NodeState.Running();
        }
        return new NodeState.Pending(allUp ? running + "/" + ranks + " nodes started the job" : "nodes starting");
    }
}
