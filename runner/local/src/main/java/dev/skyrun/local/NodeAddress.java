package dev.skyrun.local;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.skyrun.cloud.CloudException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A starting node's IP address on its network, asked for while the engine starts the container:
 * the engine assigns the address early in the start and answers an inspect only once the start
 * is done, so the address is there when the start returns, without another round trip after it
 * (the job's wrapper waits for the addresses of all nodes).
 */
final class NodeAddress {

    private final CompletableFuture<String> ip;
    private volatile boolean started;

    private NodeAddress(DockerClient docker, String id, String network) {
        this.ip = CompletableFuture.supplyAsync(() -> {
            while (true) {
                boolean done = started; // read before asking: an answer after the start returned is final
                String address = of(docker.inspectContainerCmd(id).exec(), network);
                if (!address.isEmpty() || done) {
                    return address;
                }
                try {
                    Thread.sleep(2); // the engine has not begun the start yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return address;
                }
            }
        }, NodeAddress::daemon); // it blocks for the whole start: a thread of its own, not the common pool
    }

    /**
     * Runs {@code r} on a daemon thread of its own (a virtual thread would do, but starting the
     * first one's scheduler delays the exit of a launch in its own JVM by ~0.3 s).
     */
    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "skyrun-node-address");
        t.setDaemon(true);
        t.start();
    }

    /** Starts asking for container {@code id}'s address on {@code network}; call before its start. */
    static NodeAddress during(DockerClient docker, String id, String network) {
        return new NodeAddress(docker, id, network);
    }

    /** Says the start call has returned. */
    void started() {
        started = true;
    }

    /** The address ("" when the node has none on the network). */
    String ip() {
        try {
            return ip.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("local: interrupted while asking for a node's address", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? LocalErrors.of("inspect", "a starting node", r)
                    : new CloudException("local: cannot inspect a starting node: " + e.getCause(), e.getCause());
        }
    }

    /** The address an inspected container has on {@code network} ("" when none). */
    static String of(InspectContainerResponse c, String network) {
        ContainerNetwork n = c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null ? null
                : c.getNetworkSettings().getNetworks().get(network);
        return n == null || n.getIpAddress() == null ? "" : n.getIpAddress();
    }
}
