package dev.skyrun.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Valid files map to the records as SkyPilot means its fields. */
class SpecLoaderTest {

    private static final Path REPO = Path.of("../..");

    @Test
    void skyPilotShorthandsMapToRecords() {
        TaskSpec t = (TaskSpec) SpecFixtures.load("valid/skypilot-task.yaml");
        Resources r = t.resources();
        assertThat(r.cloud()).contains("aws");
        assertThat(r.region()).contains("us-east-1");
        assertThat(r.zone()).isEmpty();
        assertThat(r.accelerators().orElseThrow().preference()).isEqualTo(Accelerators.Preference.ORDERED);
        assertThat(r.accelerators().orElseThrow().choices()).extracting(AcceleratorChoice::toString)
                .containsExactly("tpu-v5litepod-8:1", "A10G:1");
        assertThat(r.jobRecovery()).contains(new JobRecovery(JobRecovery.Strategy.EAGER_NEXT_REGION, 0, List.of(33)));
        assertThat(t.containerImage()).contains("ghcr.io/acme/app:1");
        assertThat(r.ports()).containsExactly("8080", "9000-9010");
        assertThat(r.anyOf()).hasSize(2);
        assertThat(r.anyOf().get(1).useSpot()).as("merged from the anchor").contains(true);
        assertThat(r.anyOf().get(1).cloud()).contains("gcp");
        assertThat(t.envs()).containsEntry("A", "1");
    }

    @Test
    void aPipelineLoadsStagesInlineAndByPathWithNeedsAndRelease() {
        PipelineSpec p = (PipelineSpec) SpecFixtures.load("valid/pipeline.yaml");
        assertThat(p.name()).isEqualTo("two-stages");
        assertThat(p.stages()).extracting(Stage::name).containsExactly("prep", "train");
        Stage prep = p.stages().get(0);
        assertThat(prep.path()).contains("stages/prep.yaml");
        assertThat(prep.task().outputs()).containsKey("shards");
        Stage train = p.stages().get(1);
        assertThat(train.needs()).containsExactly("prep");
        Resources r = train.task().resources();
        assertThat(r.accelerators().orElseThrow().choices()).extracting(AcceleratorChoice::toString)
                .containsExactly("A100-80GB:8");
        assertThat(r.zone()).contains("us-central1-a");
        assertThat(r.memory()).contains(new Quantity(32, true));
        assertThat(train.task().fileMounts().get("/cache").mode()).isEqualTo(FileMount.MountMode.MOUNT);
        assertThat(train.task().fileMounts().get("/in").source()).contains("stage://prep/shards");
        assertThat(p.release()).contains(new ReleaseSpec("two-stages", Optional.of("0.1.0"), Optional.empty(), 3));
    }

    @Test
    void aSkyPilotChainLoadsAsALinearPipeline() {
        PipelineSpec p = (PipelineSpec) SpecLoader.load(REPO.resolve("examples/chain.yaml"));
        assertThat(p.name()).isEqualTo("prepare-then-train");
        assertThat(p.stages()).extracting(Stage::name).containsExactly("prepare", "train");
        assertThat(p.stages().get(1).needs()).containsExactly("prepare");
    }

    @Test
    void theTeamsFederatedSpecLoads() {
        PipelineSpec p = (PipelineSpec) SpecLoader.load(REPO.resolve("specs/federated.yaml"));
        assertThat(p.stages()).extracting(Stage::name).containsExactly("textgen-lora", "embedder", "distill");
        assertThat(p.stages().get(2).needs()).containsExactly("textgen-lora", "embedder");
        assertThat(p.stages().get(0).task().gates()).extracting(GateSpec::name).containsExactly("quality", "safety", "compat");
        assertThat(p.release().orElseThrow().publish()).contains("s3://acme-releases/federated");
    }

    @Test
    void theQuickstartRunsOnLocalDocker() {
        TaskSpec t = (TaskSpec) SpecLoader.load(REPO.resolve("examples/quickstart.yaml"));
        assertThat(t.resources().cloud()).contains("local");
        assertThat(t.containerImage()).contains("skyrun/busybox:local");
        assertThat(t.run()).isPresent();
    }
}
