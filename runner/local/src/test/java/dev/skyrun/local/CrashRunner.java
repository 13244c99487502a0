package dev.skyrun.local;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.Planner;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunListener;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A runner process for crash tests: launches the checkpointing task and halts at {@code skyrun.crashAt}. */
public final class CrashRunner {

    private CrashRunner() {}

    /** Args: SKYRUN_HOME, crash point, image, and optionally the job's command (else the checkpointing one). */
    public static void main(String[] args) throws Exception {
        System.setProperty("skyrun.crashAt", args[1]);
        try (StateStore state = StateStore.open(SkyrunHome.at(Path.of(args[0])), System.getenv());
                CloudRegistry clouds = CloudRegistry.load(Map.of())) {
            TaskSpec task = new TaskSpec("crash", Optional.empty(), 1, dev.skyrun.spec.Resources.ANY, Map.of(), Map.of(),
                    Map.of(), Optional.empty(), Optional.of(args.length > 3 ? args[3] : RecoveryIT.CHECKPOINTING), Optional.of(args[2]), Map.of(),
                    Optional.empty(), java.util.List.of());
            new RunController(state, clouds, Planner.localOnly()).launch(LaunchRequest.of(task), RunListener.silent());
        }
    }
}
