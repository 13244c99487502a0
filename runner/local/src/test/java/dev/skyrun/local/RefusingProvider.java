package dev.skyrun.local;

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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test cloud plug-in named {@code refusing} whose regions and zones all live on the local
 * Docker engine: a provision is refused with a capacity error where the test says so, and made
 * by the local cloud (a cluster of cloud {@code local}) everywhere else. Where the test says
 * {@link #refuseAtSubmit}, it acts as a managed service does (Vertex AI): the provision only
 * records the placement and the submit is refused.
 */
final class RefusingProvider implements CloudProvider {

    final AtomicInteger refusals = new AtomicInteger();
    private final Map<String, Refusal> refused = new ConcurrentHashMap<>();

    /**
     * A refusal of placements whose infra starts with a prefix: its scope, how many more (-1:
     * always), and whether it comes at submit rather than at provision.
     */
    private record Refusal(CapacityException.Scope scope, int left, boolean atSubmit) {}

    /** Refuses every placement whose infra ({@code refusing/r-1/r-1a}) starts with {@code prefix}. */
    RefusingProvider refuse(String prefix, CapacityException.Scope scope) {
        refused.put(prefix, new Refusal(scope, -1, false));
        return this;
    }

    /** Refuses the next {@code times} provisions of placements whose infra starts with {@code prefix}. */
    RefusingProvider refuse(String prefix, CapacityException.Scope scope, int times) {
        refused.put(prefix, new Refusal(scope, times, false));
        return this;
    }

    /** Refuses every submit on placements whose infra starts with {@code prefix} (their provision succeeds). */
    RefusingProvider refuseAtSubmit(String prefix, CapacityException.Scope scope) {
        refused.put(prefix, new Refusal(scope, -1, true));
        return this;
    }

    /** The refusal that applies to {@code p}, counted and used up by one. */
    private Optional<Refusal> refusal(Placement p) {
        for (Map.Entry<String, Refusal> e : refused.entrySet()) {
            if (p.infra().startsWith(e.getKey()) && e.getValue().left() != 0) {
                refused.computeIfPresent(e.getKey(), (k, v) -> v.left() > 0
                        ? new Refusal(v.scope(), v.left() - 1, v.atSubmit()) : v);
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    private CapacityException refused(Placement p, Refusal r) {
        refusals.incrementAndGet();
        return new CapacityException(r.scope(), p.infra() + ": InsufficientInstanceCapacity for " + p.instanceType()
                + (r.atSubmit() ? " (at submit)" : ""));
    }

    @Override
    public String name() {
        return "refusing";
    }

    @Override
    public Cloud open(CloudSettings settings) {
        LocalCloud local = LocalCloud.connect(settings);
        return new EmptyCloud("refusing") {
            @Override
            public Cluster provision(Placement p, ClusterRequest r) throws CapacityException {
                Optional<Refusal> refusal = refusal(p);
                if (refusal.isPresent() && refusal.get().atSubmit()) {
                    return new Cluster("refusing", r.clusterName(), p, List.of(r.clusterName() + "-0"),
                            Map.of("refuse", refusal.get().scope().name()));
                }
                if (refusal.isPresent()) {
                    throw refused(p, refusal.get());
                }
                return local.provision(p, r);
            }

            @Override
            public NodeState state(Cluster c) {
                throw new IllegalStateException("clusters of this test cloud belong to 'local'");
            }

            @Override
            public JobHandle submit(Cluster c, JobSpec job, Secrets secrets) throws CapacityException {
                throw refused(c.placement(), new Refusal(CapacityException.Scope.valueOf(c.attributes().get("refuse")),
                        -1, true));
            }

            @Override
            public void close() {
                local.close();
            }
        };
    }
}
