package dev.skyrun.local;

import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.testkit.Docker;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Task specs built in code for the local backend's tests. */
final class Tasks {

    private Tasks() {}

    static TaskSpec task(String name, String run) {
        return new TaskSpec(name, Optional.empty(), 1, Resources.ANY, Map.of(), Map.of(), Map.of(), Optional.empty(),
                Optional.of(run), Optional.of(Docker.busybox()), Map.of(), Optional.empty(), List.of());
    }

    static TaskSpec withSetup(TaskSpec t, String setup) {
        return new TaskSpec(t.name(), t.workdir(), t.numNodes(), t.resources(), t.envs(), t.secrets(), t.fileMounts(),
                Optional.of(setup), t.run(), t.image(), t.outputs(), t.metrics(), t.gates());
    }

    static TaskSpec withEnvs(TaskSpec t, Map<String, String> envs, Map<String, Optional<String>> secrets) {
        return new TaskSpec(t.name(), t.workdir(), t.numNodes(), t.resources(), envs, secrets, t.fileMounts(),
                t.setup(), t.run(), t.image(), t.outputs(), t.metrics(), t.gates());
    }

    static TaskSpec withNodes(TaskSpec t, int nodes) {
        return new TaskSpec(t.name(), t.workdir(), nodes, t.resources(), t.envs(), t.secrets(), t.fileMounts(),
                t.setup(), t.run(), t.image(), t.outputs(), t.metrics(), t.gates());
    }

    static TaskSpec withMounts(TaskSpec t, Map<String, FileMount> mounts, Optional<String> workdir) {
        return new TaskSpec(t.name(), workdir, t.numNodes(), t.resources(), t.envs(), t.secrets(), mounts,
                t.setup(), t.run(), t.image(), t.outputs(), t.metrics(), t.gates());
    }

    static TaskSpec withRecovery(TaskSpec t, JobRecovery recovery) {
        Resources r = t.resources();
        Resources withRecovery = new Resources(r.cloud(), r.region(), r.zone(), r.accelerators(), r.acceleratorArgs(),
                r.cpus(), r.memory(), r.instanceType(), r.useSpot(), r.diskSize(), r.diskTier(), r.imageId(), r.ports(),
                r.labels(), r.maxHourlyCost(), r.anyOf(), r.ordered(), Optional.of(recovery));
        return new TaskSpec(t.name(), t.workdir(), t.numNodes(), withRecovery, t.envs(), t.secrets(), t.fileMounts(),
                t.setup(), t.run(), t.image(), t.outputs(), t.metrics(), t.gates());
    }

    /** The task recovered by FAILOVER, restarted after an application failure up to {@code restarts} times and on {@code exitCodes}. */
    static TaskSpec withFailover(TaskSpec t, int restarts, Integer... exitCodes) {
        return withRecovery(t, new JobRecovery(JobRecovery.Strategy.FAILOVER, restarts, List.of(exitCodes)));
    }

    static TaskSpec withResources(TaskSpec t, Resources r) {
        return new TaskSpec(t.name(), t.workdir(), t.numNodes(), r, t.envs(), t.secrets(), t.fileMounts(),
                t.setup(), t.run(), t.image(), t.outputs(), t.metrics(), t.gates());
    }
}
