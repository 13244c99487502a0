package dev.skyrun.local;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import dev.skyrun.cloud.Labels;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Follows the engine's container events for skyrun's containers: wakes waiters on any change of a
 * cluster and remembers which clusters had a container killed or removed by someone other
 * than skyrun (a preemption on local). Polling in {@link LocalCloud#awaitChange} is the backstop.
 */
final class ContainerWatch implements Closeable {

    private final DockerClient docker;
    private final Set<String> killedOutside = new HashSet<>();
    private final Set<String> stopping = new HashSet<>();
    private Closeable subscription;

    ContainerWatch(DockerClient docker) {
        this.docker = docker;
    }

    /** Subscribes to events, once. */
    synchronized void start() {
        if (subscription != null) {
            return;
        }
        subscription = docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withLabelFilter(Labels.CLUSTER)
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        record(event);
                    }
                });
    }

    private synchronized void record(Event event) {
        Map<String, String> attrs = event.getActor() == null ? Map.of() : event.getActor().getAttributes();
        String cluster = attrs == null ? null : attrs.get(Labels.CLUSTER);
        if (cluster == null) {
            return;
        }
        String action = event.getAction() == null ? "" : event.getAction();
        if ((action.equals("kill") || action.equals("destroy")) && !stopping.contains(cluster)) {
            killedOutside.add(cluster);
        }
        notifyAll();
    }

    /** Whether a container of the cluster was killed or removed by someone other than skyrun. */
    synchronized boolean killedFromOutside(String cluster) {
        return killedOutside.contains(cluster);
    }

    /** Says skyrun itself is about to stop the cluster: its kills are not preemptions. */
    synchronized void expectStop(String cluster) {
        stopping.add(cluster);
    }

    /** Whether events are followed in this process. */
    synchronized boolean started() {
        return subscription != null;
    }

    /** Waits up to {@code max} for an outside kill of the cluster to be reported. */
    synchronized void settle(String cluster, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            while (!killedOutside.contains(cluster) && !stopping.contains(cluster) && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code max} for any event. */
    synchronized void awaitEvent(String cluster, Duration max) throws InterruptedException {
        wait(Math.max(1, max.toMillis()));
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (IOException e) {
                // closing: nothing to release
            }
        }
    }
}
