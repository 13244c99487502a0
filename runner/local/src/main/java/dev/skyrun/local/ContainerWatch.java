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
    private final Map<String, Long> seen = new java.util.HashMap<>();
    private Closeable subscription;

    ContainerWatch(DockerClient docker) {
        this.docker = docker;
    }

    /** Subscribes to events, unless subscribed. */
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

                    @Override
                    public void onError(Throwable t) {
                        ended();
                    }

                    @Override
                    public void onComplete() {
                        ended();
                    }
                });
    }

    /** The event stream ended (the engine restarted): the next {@link #start} subscribes again. */
    private synchronized void ended() {
        subscription = null;
        notifyAll();
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
        if (!action.equals("kill")) {
            seen.merge(cluster, 1L, Long::sum); // a kill is followed by its die; waking for it finds the node running
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

    /**
     * How many events of the cluster were seen so far: read it before looking at the engine, then
     * pass it to {@link #awaitEvent} so an event that came in meanwhile is not waited for again.
     */
    synchronized long seen(String cluster) {
        return seen.getOrDefault(cluster, 0L);
    }

    /** Waits up to {@code max} for an event of the cluster after its {@code since}-th (at once if one came). */
    synchronized void awaitEvent(String cluster, long since, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (seen(cluster) == since && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
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
