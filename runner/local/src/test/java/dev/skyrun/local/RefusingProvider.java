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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A test cloud plug-in that has no capacity, ever: every provision is refused for its zone. */
final class RefusingProvider implements CloudProvider {

    final AtomicInteger refusals = new AtomicInteger();

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
                refusals.incrementAndGet();
                throw new CapacityException(CapacityException.Scope.ZONE, "refusing/" + p.region()
                        + ": InsufficientInstanceCapacity for " + p.instanceType());
            }

            @Override
            public NodeState state(Cluster c) {
                return new NodeState.Lost("never provisioned");
            }

            @Override
            public JobHandle submit(Cluster c, JobSpec job, Secrets secrets) {
                throw new IllegalStateException("never provisioned");
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
            public void close() {}
        };
    }
}
