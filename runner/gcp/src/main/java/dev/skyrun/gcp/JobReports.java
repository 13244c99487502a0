package dev.skyrun.gcp;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A cluster's job state from what its nodes wrote to the run's status prefix
 * ({@link StatusKeys}) and what the provider says about the nodes. Exit codes decide first
 * (the job's own verdict); then a provider preemption or the bootstrap's notice is PREEMPTED;
 * a node gone otherwise, or silent longer than the heartbeat timeout, is LOST.
 *
 * @param store the GCS store (keys {@code BUCKET/KEY})
 * @param keys the cluster's status keys
 * @param heartbeatTimeout how long a running node may stay silent
 */
record JobReports(ObjectStore store, StatusKeys keys, Duration heartbeatTimeout) {

    /** The job's state on {@code ranks} ranks, given each node's health. */
    NodeState state(int ranks, List<NodeHealth> health, Instant now) {
        int done = 0;
        for (int r = 0; r < ranks; r++) {
            Optional<String> code = read(keys.exitCode(r));
            if (code.isPresent()) {
                int exit = parseExit(code.get());
                if (exit != 0 && read(keys.preempting(r)).isPresent()) {
                    return new NodeState.Preempted("node " + r + " exited " + exit + " after the preemption notice");
                }
                if (exit != 0) {
                    return new NodeState.Failed(exit, "exit code " + exit + " on node-" + r);
                }
                done++;
            }
        }
        if (done == ranks) {
            return new NodeState.Succeeded();
        }
        for (NodeHealth h : health) {
            if (h.status() == NodeHealth.Status.PREEMPTED) {
                return new NodeState.Preempted(h.detail());
            }
        }
        for (int r = 0; r < ranks; r++) {
            Optional<String> notice = read(keys.preempting(r));
            if (notice.isPresent()) {
                return new NodeState.Preempted("node-" + r + ": " + notice.get().strip());
            }
        }
        for (NodeHealth h : health) {
            if (h.status() == NodeHealth.Status.GONE || h.status() == NodeHealth.Status.STOPPED) {
                return new NodeState.Lost(h.detail());
            }
            if (h.status() == NodeHealth.Status.STARTING) {
                return new NodeState.Pending(h.detail());
            }
        }
        return liveness(ranks, now);
    }

    private NodeState liveness(int ranks, Instant now) {
        for (int r = 0; r < ranks; r++) {
            Optional<String> beat = read(keys.heartbeat(r));
            if (beat.isEmpty()) {
                return new NodeState.Pending("node " + r + " booting: no heartbeat yet");
            }
            long age = now.getEpochSecond() - parseLong(beat.get());
            if (age > heartbeatTimeout.toSeconds()) {
                return new NodeState.Lost("node " + r + " silent for " + age + " s");
            }
        }
        return new NodeState.Running();
    }

    /**
     * Hands the log lines the nodes uploaded to {@code sink}, from the start; with
     * {@link LogQuery#follow()} until {@code state} says the job ended (then once more, for what
     * the nodes uploaded last).
     */
    void logs(int ranks, LogQuery query, Consumer<LogLine> sink, Supplier<NodeState> state, Duration poll) {
        int[] seen = new int[ranks];
        boolean ended = !query.follow();
        while (true) {
            for (int r = 0; r < ranks; r++) {
                if (query.node().isEmpty() || query.node().getAsInt() == r) {
                    String[] lines = read(keys.log(r)).orElse("").split("\n", -1);
                    for (int i = seen[r]; i < lines.length - 1; i++) {
                        sink.accept(new LogLine(r, false, lines[i]));
                    }
                    seen[r] = Math.max(seen[r], lines.length - 1);
                }
            }
            if (ended) {
                return;
            }
            NodeState now = state.get();
            ended = !(now instanceof NodeState.Running || now instanceof NodeState.Pending || now instanceof NodeState.Unrecognized);
            if (!ended) {
                Backoff.sleep(poll);
            }
        }
    }

    /** An object's text under the cluster's keys, if present. */
    Optional<String> read(String key) {
        try (InputStream in = store.open(keys.storeKey(key))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CloudException("gcp: cannot read run status gs://" + keys.storeKey(key) + ": " + e.getMessage(), e);
        }
    }

    private static int parseExit(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 255;
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
