package dev.skyrun.local;

import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.CredentialCheck;
import dev.skyrun.cloud.JobHandle;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.plan.Placement;
import dev.skyrun.storage.ObjectStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test cloud plug-in named {@code refusing} whose regions and zones all live on the local
 * Docker engine: a provision is refused with a capacity error where the test says so, and made
 * by the local cloud (a cluster of cloud {@code local}) everywhere else.
 */
final class RefusingProvider implements CloudProvider {

    final AtomicInteger refusals = new AtomicInteger();
    private final Map<String, Refusal> refused = new ConcurrentHashMap<>();

    /** A refusal of placements whose infra starts with a prefix: its scope, and how many more (-1: always). */
    private record Refusal(CapacityException.Scope scope, int left) {}

    /** Refuses every placement whose infra ({@code refusing/r-1/r-1a}) starts with {@code prefix}. */
    RefusingProvider refuse(String prefix, CapacityException.Scope scope) {
        refused.put(prefix, new Refusal(scope, -1));
        return this;
    }

    /** Refuses the next {@code times} provisions of placements whose infra starts with {@code prefix}. */
    RefusingProvider refuse(String prefix, CapacityException.Scope scope, int times) {
        refused.put(prefix, new Refusal(scope, times));
        return this;
    }

    @Override
    public String name() {
        return "refusing";
    }

    @Override
    public Optional<ObjectStore> store(String scheme, CloudSettings settings) {
        return Optional.empty();
    }

    @Override
    public Cloud open(CloudSettings settings) {
        LocalCloud local = LocalCloud.connect(settings);
        return new Cloud() {
            @Override
            public String name() {
                return "refusing";
            }

            @Override
            public CredentialCheck check() {
                return new CredentialCheck("refusing", true, "test", List.of());
            }

            @Override
            public List<Offering> liveOfferings(List<Offering> candidates) {
                return candidates;
            }

            @Override
            public Cluster provision(Placement p, ClusterRequest r) throws CapacityException {
                for (Map.Entry<String, Refusal> e : refused.entrySet()) {
                    if (p.infra().startsWith(e.getKey()) && e.getValue().left() != 0) {
                        refusals.incrementAndGet();
                        refused.computeIfPresent(e.getKey(), (k, v) -> v.left() > 0
                                ? new Refusal(v.scope(), v.left() - 1) : v);
                        throw new CapacityException(e.getValue().scope(), p.infra()
                                + ": InsufficientInstanceCapacity for " + p.instanceType());
                    }
                }
                return local.provision(p, r);
            }

            @Override
            public NodeState state(Cluster c) {
                throw new IllegalStateException("clusters of this test cloud belong to 'local'");
            }

            @Override
            public JobHandle submit(Cluster c, JobSpec job, Secrets secrets) {
                throw new IllegalStateException("clusters of this test cloud belong to 'local'");
            }

            @Override
            public void terminate(Cluster c) {}

            @Override
            public List<CloudResource> findLabelled(Labels labels) {
                return List.of();
            }

            @Override
            public void remove(CloudResource resource) {}

            @Override
            public void close() {
                local.close();
            }
        };
    }
}
