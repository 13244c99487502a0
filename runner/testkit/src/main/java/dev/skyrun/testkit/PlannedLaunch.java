package dev.skyrun.testkit;

import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunListener;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A launch of one task through core's {@link RunController} on a plan the test fixes (no catalog, no
 * prices): what a cloud's recovery tests drive, with the plug-ins and environment they name.
 *
 * @param outcome how the run ended
 * @param attempts the run's attempts as the state store recorded them
 */
public record PlannedLaunch(RunOutcome outcome, List<AttemptRecord> attempts) {

    /**
     * Launches {@code task} (attached, no secrets) with the state in {@code home}, trying {@code plan}'s
     * placements in order; {@code heard} gets the run's events and job lines.
     */
    public static PlannedLaunch run(Path home, List<CloudProvider> providers, Map<String, String> env, TaskSpec task,
            List<Placement> plan, RunListener heard) throws Exception {
        try (StateStore state = StateStore.open(SkyrunHome.at(home));
                CloudRegistry clouds = CloudRegistry.of(providers, env)) {
            RunController controller = new RunController(state, clouds, (t, cloud) -> plan);
            RunOutcome out = controller.launch(new LaunchRequest(task, Optional.empty(), Map.of(), Secrets.none(), Optional.empty(),
                    Optional.empty(), false, true), heard);
            return new PlannedLaunch(out, state.runs().attempts(out.runId()));
        }
    }
}
