package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogInfo;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.plan.TaskPlan;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.Spec;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun plan} shows the order {@code skyrun launch} tries: the same spec, catalog and
 * enabled clouds go to the planner as {@code plan} calls it (offline: every cloud of the catalog,
 * its prices) and to a launch (the controller over live inputs) whose cloud plug-ins record each
 * placement they are asked to provision and refuse it, so the launch walks its whole plan and
 * starts nothing.
 */
class PlanIsWhatLaunchTriesTest {

    @TempDir
    Path tmp;

    private static final Catalog CATALOG = Catalog.of(new CatalogInfo("test", "test", "0".repeat(64)), List.of(
            gpu("recording", "g-l4", "L4", 0.80, "eu-1", "eu-1a"),
            gpu("recording", "g-l4", "L4", 0.70, "us-1", "us-1b"),
            gpu("recording", "g-l4", "L4", 0.70, "us-1", "us-1a"),
            gpu("recording", "g-a10", "A10G", 0.75, "us-2", "us-2a"),
            gpu("recording", "g-a10-big", "A10G", 1.40, "us-2", "us-2b"),
            gpu("recording", "g-a100", "A100", 3.10, "us-1", "us-1a")));

    private static Offering gpu(String cloud, String type, String acc, double od, String region, String zone) {
        return new Offering(cloud, type, Optional.of(acc), 1, 8, 32, od, OptionalDouble.of(od / 3), region,
                Optional.of(zone));
    }

    @Test
    void launchTriesTheCatalogPlacementsInThePlansOrder() throws Exception {
        Path file = write("train.yaml", """
                name: train
                resources:
                  accelerators: {L4: 1, A10G: 1}
                image: busybox@sha256:%s
                run: python train.py
                """.formatted("a".repeat(64)));
        Spec spec = SpecLoader.load(file);
        List<Placement> planned = plan(spec, file);

        RecordingProvider cloud = new RecordingProvider("recording");
        RunOutcome out = launch((TaskSpec) spec, file, cloud, Set.of("recording"));

        assertThat(planned).extracting(Placement::infra).containsExactly(
                "recording/us-1/us-1a", "recording/us-1/us-1b", "recording/us-2/us-2a", "recording/eu-1/eu-1a",
                "recording/us-2/us-2b");
        assertThat(cloud.asked()).as("what launch asked to provision, in order").isEqualTo(planned);
        assertThat(out.status()).isEqualTo(RunStatus.INFRA_FAILED);
    }

    @Test
    void withNoOtherCloudEnabledBothPlaceTheTaskOnThisMachine() throws Exception {
        Path file = write("local.yaml", """
                name: here
                resources:
                  cloud: local
                  cpus: 2
                  memory: 4
                image: busybox@sha256:%s
                run: echo hi
                """.formatted("b".repeat(64)));
        Spec spec = SpecLoader.load(file);
        List<Placement> planned = plan(spec, file);

        RecordingProvider local = new RecordingProvider("local");
        launch((TaskSpec) spec, file, local, Set.of());

        assertThat(planned).singleElement().satisfies(p -> {
            assertThat(p.infra()).isEqualTo("local/local");
            assertThat(p.vcpus()).as("the container's limit: what the task asks").isEqualTo(2);
            assertThat(p.memoryGib()).isEqualTo(4);
        });
        assertThat(local.asked()).isEqualTo(planned);
    }

    /** What {@code skyrun plan FILE} prints, as placements. */
    private static List<Placement> plan(Spec spec, Path file) {
        List<TaskPlan> plans = new LaunchPlanner(Optional.of(spec), Location.of(file), Optional.empty(),
                PlanInputs.offline(selection -> CATALOG)).plan();
        assertThat(plans).hasSize(1);
        return List.copyOf(plans.get(0).placements());
    }

    /** A launch of {@code task} as {@code skyrun launch FILE} makes it, with {@code cloud} the only plug-in. */
    private RunOutcome launch(TaskSpec task, Path file, RecordingProvider cloud, Set<String> enabled)
            throws IOException, InterruptedException {
        CloudRegistry clouds = CloudRegistry.of(List.of(cloud), Map.of());
        LaunchPlanner planner = new LaunchPlanner(Optional.of(task), Location.of(file), Optional.empty(),
                PlanInputs.live(enabled, selection -> CATALOG, clouds));
        try (StateStore state = StateStore.open(SkyrunHome.at(tmp.resolve("home")))) {
            return new RunController(state, clouds, planner).launch(LaunchRequest.of(task), RunListener.silent());
        } finally {
            clouds.close();
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }
}
