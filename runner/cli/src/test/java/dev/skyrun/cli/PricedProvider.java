package dev.skyrun.cli;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
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
import dev.skyrun.local.LocalProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A test cloud plug-in named {@code priced}, enabled where {@code SKYRUN_TEST_PRICED} is set: its
 * regions are priced by the catalog the test gives ({@code priced/vms.csv}) and its nodes are
 * containers on the local engine (clusters of cloud {@code local}), so a run on it is billed in
 * the cost ledger as a cloud run is. Region {@code r-0} never has capacity: a provision there is
 * refused for the whole region, as a cloud out of capacity refuses it.
 */
public final class PricedProvider implements CloudProvider {

    static final String ENABLE = "SKYRUN_TEST_PRICED";

    @Override
    public String name() {
        return "priced";
    }

    @Override
    public boolean credentialsConfigured(Map<String, String> env, Path home) {
        return env.containsKey(ENABLE);
    }

    @Override
    public Cloud open(CloudSettings settings) {
        Cloud local = new LocalProvider().open(settings);
        return new EmptyCloud("priced") {
            @Override
            public Optional<String> imageDigest(String image) {
                return local.imageDigest(image);
            }

            @Override
            public Cluster provision(Placement p, ClusterRequest r) throws CapacityException, CloudException {
                if (p.region().equals("r-0")) {
                    throw new CapacityException(CapacityException.Scope.REGION, p.infra()
                            + ": InsufficientInstanceCapacity for " + p.instanceType());
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
            public void close() {
                local.close();
            }
        };
    }
}
