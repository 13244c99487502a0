package dev.skyrun.cloud;

import dev.skyrun.exec.StatusKeys;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongBiFunction;

/**
 * The VM status protocol reader: what a cluster's nodes wrote to the run's status prefix (the
 * {@link StatusKeys} objects the {@code exec.VmBootstrap} job script writes: heartbeat, log, exit
 * code, interruption notice), read back as a {@link NodeState} and as log lines. The one reader
 * for every VM plug-in; a plug-in only names its store and adds what its API says of the machines.
 *
 * <p>The verdict, first match wins: every node's exit code 0 is SUCCEEDED, a non-zero one is
 * FAILED (PREEMPTED when that node had an interruption notice); a machine the provider preempted,
 * then any node's own interruption notice, is PREEMPTED; a machine stopped or gone is LOST, one
 * starting PENDING; then a node with no heartbeat yet is PENDING, one silent longer than the
 * timeout LOST; else RUNNING.
 *
 * @param cloud the plug-in's name, for messages
 * @param store the store holding the bucket (keys {@code BUCKET/KEY})
 * @param keys the cluster's status keys
 * @param readDeadline how long one try of a read may take before it counts as cut short
 */
public record VmStatus(String cloud, ObjectStore store, StatusKeys keys, Duration readDeadline) {

    /**
     * How long one try of a status read may take: a store that stops answering (a stalled connection
     * waits for the client's socket timeout, a minute) must not hold up the watch, whose cancel and
     * budget checks run between reads.
     */
    public static final Duration READ_DEADLINE = Duration.ofSeconds(10);

    public VmStatus {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(readDeadline, "readDeadline");
    }

    /** The reader with {@link #READ_DEADLINE}. */
    public VmStatus(String cloud, ObjectStore store, StatusKeys keys) {
        this(cloud, store, keys, READ_DEADLINE);
    }

    /**
     * How long a running node may stay silent before it counts as lost: the cloud setting
     * {@code heartbeat_timeout_s} (seconds, default 300), read through the plug-in's {@code number(key, fallback)}.
     */
    public static Duration heartbeatTimeout(ToLongBiFunction<String, Long> number) {
        return Duration.ofSeconds(number.applyAsLong("heartbeat_timeout_s", 300L));
    }

    /**
     * The job's state on {@code ranks} nodes.
     *
     * @param health what the provider says of each machine (a TPU slice's one machine serves several ranks)
     * @param heartbeatTimeout how long a running node may stay silent
     * @param now the time heartbeats are measured against
     */
    public NodeState state(int ranks, List<NodeHealth> health, Duration heartbeatTimeout, Instant now) {
        Optional<NodeState> exited = exitVerdict(ranks);
        if (exited.isPresent()) {
            return exited.get();
        }
        for (NodeHealth h : health) {
            if (h.status() == NodeHealth.Status.PREEMPTED) {
                return new NodeState.Preempted(h.detail());
            }
        }
        for (int r = 0; r < ranks; r++) {
            Optional<String> notice = read(keys.preempting(r));
            if (notice.isPresent()) {
                return new NodeState.Preempted("interruption notice on node " + r + ": " + notice.get().strip());
            }
        }
        for (NodeHealth h : health) {
            switch (h.status()) {
                case GONE, STOPPED -> {
                    return new NodeState.Lost(h.detail());
                }
                case STARTING -> {
                    return new NodeState.Pending(h.detail());
                }
                default -> { }
            }
        }
        return liveness(ranks, heartbeatTimeout, now);
    }

    /**
     * Hands the nodes' log lines to {@code sink} from the start; with {@link LogQuery#follow()}
     * the new ones as they arrive, until {@code state} says the job ended (then once more, for
     * what the nodes uploaded last). A line without its line break yet is held back until more
     * arrives or the reading ends. skyrun's own lines ({@code skyrun: ...}, the setup and run
     * marks) are marked as stderr; the job's stdout and stderr arrive merged, as stdout. While
     * following, a poll whose reads fail is skipped and the next tries again ({@link FollowOutage}).
     *
     * @param poll the pause between reads when following
     */
    public void logs(int ranks, LogQuery query, Consumer<LogLine> sink, Supplier<NodeState> state, Duration poll) {
        new VmLogs(this, ranks, sink).read(query, state, poll);
    }

    /**
     * An object's text under the cluster's keys, if present. A read cut short (the bootstrap may
     * be rewriting the object, or the connection dropped) or not answered within the read deadline
     * is tried again twice before it counts.
     */
    public Optional<String> read(String key) {
        for (int tries = 1; ; tries++) {
            try {
                return Optional.of(readWithin(keys.storeKey(key)));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                if (tries == READ_TRIES) {
                    throw new CloudException(cloud + ": cannot read run status " + keys.storeKey(key) + ": "
                            + e.getMessage(), e);
                }
                pauseBeforeRetry(tries);
            }
        }
    }

    private static final int READ_TRIES = 3;

    /**
     * One try: the read runs on its own virtual thread; when it has not ended by the deadline the thread
     * is interrupted (a virtual thread's socket read then closes its socket), its stream, if it got one,
     * is closed aside (an HTTP client may drain the body on close), and the try counts as cut short.
     */
    private String readWithin(String storeKey) throws IOException {
        AtomicReference<InputStream> opened = new AtomicReference<>();
        FutureTask<String> read = new FutureTask<>(() -> {
            try (InputStream in = store.open(storeKey)) {
                opened.set(in);
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        Thread.ofVirtual().name("skyrun-status-read").start(read);
        try {
            return read.get(readDeadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            read.cancel(true);
            closeQuietly(opened.get());
            long ms = readDeadline.toMillis();
            throw new IOException("no answer in " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            read.cancel(true);
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted while reading run status", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        Thread.ofVirtual().name("skyrun-status-read-close").start(() -> {
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                // the read is abandoned either way
            }
        });
    }

    private static void pauseBeforeRetry(int tries) {
        try {
            Thread.sleep(100L * tries);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted while reading run status", e);
        }
    }

    private Optional<NodeState> exitVerdict(int ranks) {
        int done = 0;
        for (int r = 0; r < ranks; r++) {
            Optional<String> code = read(keys.exitCode(r));
            if (code.isPresent()) {
                int exit = (int) number(code.get(), 255);
                Optional<String> notice = exit == 0 ? Optional.empty() : read(keys.preempting(r));
                if (notice.isPresent()) {
                    return Optional.of(new NodeState.Preempted("node " + r + " exited " + exit + " after an interruption notice: "
                            + notice.get().strip()));
                }
                if (exit != 0) {
                    return Optional.of(new NodeState.Failed(exit, "exit " + exit + " on node " + r + (exit == 137 ? " (killed)" : "")));
                }
                done++;
            }
        }
        return done == ranks ? Optional.of(new NodeState.Succeeded()) : Optional.empty();
    }

    private NodeState liveness(int ranks, Duration heartbeatTimeout, Instant now) {
        for (int r = 0; r < ranks; r++) {
            Optional<String> beat = read(keys.heartbeat(r));
            if (beat.isEmpty()) {
                return new NodeState.Pending("node " + r + " booting: no heartbeat yet");
            }
            long age = now.getEpochSecond() - number(beat.get(), 0);
            if (age > heartbeatTimeout.toSeconds()) {
                return new NodeState.Lost("node " + r + " silent for " + age + " s");
            }
        }
        return new NodeState.Running();
    }

    private static long number(String text, long fallback) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
