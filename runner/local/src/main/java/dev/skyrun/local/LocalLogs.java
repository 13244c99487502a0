package dev.skyrun.local;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Reads a local cluster's logs (per node, split into lines) and runs commands in its nodes. */
final class LocalLogs {

    private final DockerClient docker;

    LocalLogs(DockerClient docker) {
        this.docker = docker;
    }

    void stream(Cluster cluster, LogQuery query, Consumer<LogLine> sink) {
        Map<String, Lines> running = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> n : nodes(cluster).entrySet()) {
            if (query.node().isEmpty() || query.node().getAsInt() == n.getKey()) {
                Lines lines = new Lines(n.getKey(), sink);
                docker.logContainerCmd(n.getValue()).withStdOut(true).withStdErr(true)
                        .withFollowStream(query.follow()).withTailAll().exec(lines);
                running.put(n.getValue(), lines);
            }
        }
        try {
            for (Lines lines : running.values()) {
                lines.awaitCompletion();
            }
            if (query.follow()) {
                for (Map.Entry<String, Lines> n : running.entrySet()) {
                    catchUp(n.getKey(), n.getValue());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.values().forEach(LocalLogs::closeQuietly);
            return;
        }
        running.values().forEach(Lines::flush);
    }

    /**
     * Reads again what a followed container wrote after the stream let go. The engine writes a last
     * line without a newline only as the container's output closes, and a follower can be released
     * before it reads that line; the stored log has it, so the bytes past those already seen are it.
     */
    private void catchUp(String id, Lines lines) throws InterruptedException {
        long[] skip = {lines.seen(false), lines.seen(true)};
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTailAll()
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame f) {
                        boolean isErr = f.getStreamType() == StreamType.STDERR;
                        byte[] payload = f.getPayload();
                        int from = (int) Math.min(payload.length, skip[isErr ? 1 : 0]);
                        skip[isErr ? 1 : 0] -= from;
                        lines.take(isErr, payload, from);
                    }
                }).awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            // the container is gone (a cancel removed it): nothing more to read
        }
    }

    int exec(Cluster cluster, int node, List<String> command, Consumer<LogLine> sink) {
        String id = nodes(cluster).get(node);
        if (id == null) {
            throw new CloudException("local: cluster " + cluster.name() + " has no node " + node);
        }
        try {
            String exec = docker.execCreateCmd(id).withCmd(command.toArray(String[]::new)).withAttachStdout(true)
                    .withAttachStderr(true).exec().getId();
            Lines lines = docker.execStartCmd(exec).exec(new Lines(node, sink));
            lines.awaitCompletion();
            lines.flush();
            Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
            return code == null ? -1 : code.intValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (RuntimeException e) {
            throw LocalErrors.of("exec in", cluster.name() + " node " + node, e);
        }
    }

    /** The last {@code lines} lines a container wrote on stderr (all of them when {@code lines} is 0). */
    String stderr(String id, int lines) {
        StringBuilder err = new StringBuilder();
        var cmd = docker.logContainerCmd(id).withStdErr(true).withStdOut(false);
        try {
            (lines > 0 ? cmd.withTail(lines) : cmd.withTailAll()).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    err.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            throw LocalErrors.of("read the logs of", "container " + id, e);
        }
        return err.toString();
    }

    private Map<Integer, String> nodes(Cluster cluster) {
        Map<Integer, String> byRank = new TreeMap<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.CLUSTER, cluster.name())).exec()) {
            byRank.put(Integer.parseInt(c.getLabels().getOrDefault(Labels.NODE, "0")), c.getId());
        }
        return byRank;
    }

    private static void closeQuietly(Lines cb) {
        try {
            cb.close();
        } catch (java.io.IOException e) {
            // closing
        }
    }

    /** Splits a node's frames into lines per stream; a last line without a newline is emitted by {@link #flush}. */
    private static final class Lines extends ResultCallback.Adapter<Frame> {
        private final int node;
        private final Consumer<LogLine> sink;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private long outSeen;
        private long errSeen;

        Lines(int node, Consumer<LogLine> sink) {
            this.node = node;
            this.sink = sink;
        }

        @Override
        public void onNext(Frame frame) {
            take(frame.getStreamType() == StreamType.STDERR, frame.getPayload(), 0);
        }

        /** Takes the bytes of one stream's frame from {@code from} on. */
        synchronized void take(boolean isErr, byte[] payload, int from) {
            ByteArrayOutputStream buf = isErr ? err : out;
            for (int i = from; i < payload.length; i++) {
                if (payload[i] == '\n') {
                    emit(buf, isErr);
                } else {
                    buf.write(payload[i]);
                }
            }
            if (isErr) {
                errSeen += payload.length - from;
            } else {
                outSeen += payload.length - from;
            }
        }

        /** How many bytes of a stream came so far. */
        synchronized long seen(boolean isErr) {
            return isErr ? errSeen : outSeen;
        }

        /** Emits the lines still open (the output ended without a newline). */
        synchronized void flush() {
            if (out.size() > 0) {
                emit(out, false);
            }
            if (err.size() > 0) {
                emit(err, true);
            }
        }

        private void emit(ByteArrayOutputStream buf, boolean isErr) {
            sink.accept(new LogLine(node, isErr, buf.toString(StandardCharsets.UTF_8)));
            buf.reset();
        }
    }
}
