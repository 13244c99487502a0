package dev.skyrun.kubernetes;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.FollowPause;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A job's output through the pod log API ({@code GET .../pods/NAME/log}), and {@code exec} through
 * the pod exec API. Following reads each pod's log again every poll and hands on the complete
 * lines past those already seen (a pod log is the container's stdout and stderr in one stream), until
 * the pod has ended; then the last line, even without a line break. Reading the whole log per poll
 * rather than a streaming {@code follow=true} request keeps one code path for a live job, a
 * finished one and a resumed reader, and works against any API server that serves the log.
 *
 * @param client the context's client
 * @param context the context's name
 * @param namespace the namespace
 * @param poll the pause between reads while following
 */
record KubeLogs(KubernetesClient client, String context, String namespace, Duration poll) {

    /** Hands the job's lines to {@code sink}, as {@link dev.skyrun.cloud.Cloud#logs} says. */
    void stream(Cluster cluster, LogQuery query, Consumer<LogLine> sink) {
        List<Integer> ranks = new ArrayList<>();
        for (int r = 0; r < cluster.nodeIds().size(); r++) {
            if (query.node().isEmpty() || query.node().getAsInt() == r) {
                ranks.add(r);
            }
        }
        int[] seen = new int[cluster.nodeIds().size()];
        boolean[] done = new boolean[cluster.nodeIds().size()];
        while (true) {
            boolean all = true;
            for (int rank : ranks) {
                if (done[rank]) {
                    continue;
                }
                String pod = cluster.nodeIds().get(rank);
                boolean ended = !query.follow() || ended(pod);
                String text = read(pod);
                List<String> lines = text.lines().toList();
                int complete = ended || text.endsWith("\n") ? lines.size() : lines.size() - 1;
                for (int i = seen[rank]; i < complete; i++) {
                    sink.accept(new LogLine(rank, false, lines.get(i)));
                }
                seen[rank] = Math.max(seen[rank], complete);
                done[rank] = ended;
                all &= ended;
            }
            if (all) {
                return;
            }
            if (!FollowPause.sleep(poll)) {
                return;
            }
        }
    }

    /** Runs {@code command} in node {@code rank}'s container; its output goes to {@code sink}. */
    int exec(Cluster cluster, int rank, List<String> command, Consumer<LogLine> sink) {
        String pod = cluster.nodeIds().get(rank);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = KubeErrors.call(context, namespace, "exec in pod " + pod, () -> client.pods().inNamespace(namespace)
                .withName(pod).inContainer(PodTemplate.CONTAINER).writingOutput(out).writingError(err)
                .exec(command.toArray(String[]::new)))) {
            int code = watch.exitCode().get(1, TimeUnit.HOURS);
            out.toString(StandardCharsets.UTF_8).lines().forEach(l -> sink.accept(new LogLine(rank, false, l)));
            err.toString(StandardCharsets.UTF_8).lines().forEach(l -> sink.accept(new LogLine(rank, true, l)));
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("kubernetes " + context + ": exec in pod " + pod + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CloudException("kubernetes " + context + ": exec in pod " + pod + " failed: " + e.getMessage(), e);
        }
    }

    private boolean ended(String pod) {
        Pod p = KubeErrors.call(context, namespace, "get pod " + pod, () -> client.pods().inNamespace(namespace).withName(pod).get());
        String phase = p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
        return p == null || "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** The pod's whole log so far; empty while its container has not started or once the pod is gone. */
    private String read(String pod) {
        try {
            String log = client.pods().inNamespace(namespace).withName(pod).inContainer(PodTemplate.CONTAINER).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400 || e.getCode() == 404) {
                return "";
            }
            throw KubeErrors.translate(context, namespace, "read log of pod " + pod, e);
        }
    }
}
