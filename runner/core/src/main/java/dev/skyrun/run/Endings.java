package dev.skyrun.run;

import dev.skyrun.cloud.NodeState;
import dev.skyrun.recovery.Ending;
import java.util.Optional;

/** Classifies a cluster's {@link NodeState} as an attempt's {@link Ending}, once it has one. */
final class Endings {

    private Endings() {}

    static Optional<Ending> of(NodeState s) {
        return switch (s) {
            case NodeState.Succeeded ok -> Optional.of(new Ending.Succeeded());
            case NodeState.Failed f -> Optional.of(new Ending.AppFailure(f.exitCode(), f.reason()));
            case NodeState.Preempted p -> Optional.of(new Ending.Preempted(p.reason()));
            case NodeState.Lost l -> Optional.of(new Ending.Preempted("lost: " + l.reason()));
            case NodeState.Pending p -> Optional.empty();
            case NodeState.Running r -> Optional.empty();
            case NodeState.Unrecognized u -> Optional.empty();
        };
    }
}
