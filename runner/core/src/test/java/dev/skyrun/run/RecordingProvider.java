package dev.skyrun.run;

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
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.storage.ObjectStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test cloud plug-in that records every placement it is asked to provision and refuses each
 * with a capacity error of that zone, so a launch goes through its whole plan, in order, and
 * ends without starting anything. Its live prices are the catalog's.
 */
final class RecordingProvider implements CloudProvider {

    final List<Placement> asked = new CopyOnWriteArrayList<>();
    private final String name;

    RecordingProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
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
                return name;
            }

            @Override
            public CredentialCheck check() {
                return new CredentialCheck(name, true, "test", List.of());
            }

            @Override
            public List<Offering> liveOfferings(List<Offering> candidates) {
                return candidates;
            }

            @Override
            public Cluster provision(Placement p, ClusterRequest r) throws CapacityException {
                asked.add(p);
                throw new CapacityException(CapacityException.Scope.ZONE, p.zone(), p.infra() + ": no capacity for "
                        + p.instanceType() + " (recording test cloud)", null);
            }

            @Override
            public NodeState state(Cluster c) {
                throw new IllegalStateException("the recording cloud provisions nothing");
            }

            @Override
            public JobHandle submit(Cluster c, JobSpec job, Secrets secrets) {
                throw new IllegalStateException("the recording cloud provisions nothing");
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
            public List<CloudResource> compute(Cluster c) {
                return List.of();
            }

            @Override
            public List<CloudResource> findCompute(Labels labels) {
                return List.of();
            }

            @Override
            public void terminateCompute(List<CloudResource> compute) {}

            @Override
            public List<CloudResource> liveCompute(List<CloudResource> compute) {
                return List.of();
            }

            @Override
            public List<String> auxiliaryKinds() {
                return List.of();
            }

            @Override
            public List<CloudResource> findAuxiliary(String kind, Labels labels) {
                return List.of();
            }

            @Override
            public void close() {}
        };
    }
}
