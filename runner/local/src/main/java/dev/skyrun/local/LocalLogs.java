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
import java.util.ArrayList;
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
        Map<Integer, String> nodes = nodes(cluster);
        List<ResultCallback.Adapter<Frame>> running = new ArrayList<>();
        for (Map.Entry<Integer, String> n : nodes.entrySet()) {
            if (query.node().isPresent() && query.node().getAsInt() != n.getKey()) {
                continue;
            }
            running.add(docker.logContainerCmd(n.getValue()).withStdOut(true).withStdErr(true)
                    .withFollowStream(query.follow()).withTailAll().exec(new Lines(n.getKey(), sink)));
        }
        for (ResultCallback.Adapter<Frame> cb : running) {
            try {
                cb.awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(LocalLogs::closeQuietly);
                return;
            }
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
            docker.execStartCmd(exec).exec(new Lines(node, sink)).awaitCompletion();
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

    private static void closeQuietly(ResultCallback.Adapter<Frame> cb) {
        try {
            cb.close();
        } catch (java.io.IOException e) {
            // closing
        }
    }

    /** Splits a node's frames into lines per stream. */
    private static final class Lines extends ResultCallback.Adapter<Frame> {
        private final int node;
        private final Consumer<LogLine> sink;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        Lines(int node, Consumer<LogLine> sink) {
            this.node = node;
            this.sink = sink;
        }

        @Override
        public void onNext(Frame frame) {
            boolean isErr = frame.getStreamType() == StreamType.STDERR;
            ByteArrayOutputStream buf = isErr ? err : out;
            for (byte b : frame.getPayload()) {
                if (b == '\n') {
                    emit(buf, isErr);
                } else {
                    buf.write(b);
                }
            }
        }

        @Override
        public void onComplete() {
            if (out.size() > 0) {
                emit(out, false);
            }
            if (err.size() > 0) {
                emit(err, true);
            }
            super.onComplete();
        }

        private void emit(ByteArrayOutputStream buf, boolean isErr) {
            sink.accept(new LogLine(node, isErr, buf.toString(StandardCharsets.UTF_8)));
            buf.reset();
        }
    }
}
