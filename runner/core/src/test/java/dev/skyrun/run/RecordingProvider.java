package dev.skyrun.run;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.EmptyCloud;
import dev.skyrun.cloud.JobHandle;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test cloud plug-in that records every placement it is asked to provision and refuses each
 * with a capacity error of that zone, so a launch goes through its whole plan, in order, and
 * ends without starting anything. Its live prices are the catalog's.
 *
 * @param name the cloud's name
 * @param asked the placements it was asked to provision, in order
 */
record RecordingProvider(String name, List<Placement> asked) implements CloudProvider {

    /** A recording cloud called {@code name} that was asked nothing yet. */
    RecordingProvider(String name) {
        this(name, new CopyOnWriteArrayList<>());
    }

    @Override
    public Cloud open(CloudSettings settings) {
        return new EmptyCloud(name) {
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
        };
    }
}
