package dev.skyrun.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The compatibility corpus under specs/skypilot/: one file per form SkyPilot documents (written for skyrun, not
 * copied), each loaded and read as SkyPilot means it.
 */
class SkyPilotFormsTest {

    private static TaskSpec task(String file) {
        return (TaskSpec) SpecFixtures.load("skypilot/" + file);
    }

    private static List<String> choices(String file) {
        return task(file).resources().accelerators().orElseThrow().choices().stream().map(AcceleratorChoice::toString).toList();
    }

    @Test
    void everyFileOfTheCorpusLoads() throws Exception {
        try (Stream<Path> files = Files.list(SpecFixtures.ROOT.resolve("skypilot"))) {
            List<Path> all = files.sorted().toList();
            assertThat(all).hasSizeGreaterThanOrEqualTo(19);
            all.forEach(f -> assertThat(SpecFixtures.load("skypilot/" + f.getFileName())).isNotNull());
        }
    }

    @Test
    void aMappingOrASetOfAcceleratorsIsAnyOfThem() {
        assertThat(choices("accelerators-mapping.yaml")).containsExactly("L4:1", "A100:1");
        assertThat(task("accelerators-mapping.yaml").resources().accelerators().orElseThrow().preference())
                .isEqualTo(Accelerators.Preference.ANY);
        assertThat(choices("accelerators-set.yaml")).containsExactly("A100:2", "T4:4", "V100:1");
        assertThat(task("accelerators-set.yaml").resources().accelerators().orElseThrow().preference())
                .isEqualTo(Accelerators.Preference.ANY);
    }

    @Test
    void aListIsTriedInOrderWithItemsAsTextOrOneEntryMappings() {
        assertThat(choices("accelerators-list-of-mappings.yaml")).containsExactly("H100:8", "A100-80GB:8", "L40S:1");
        assertThat(task("accelerators-list-of-mappings.yaml").resources().accelerators().orElseThrow().preference())
                .isEqualTo(Accelerators.Preference.ORDERED);
    }

    @Test
    void gpusIsAnotherNameOfAccelerators() {
        assertThat(choices("gpus-alias.yaml")).containsExactly("L4:2");
    }

    @Test
    void diskSizesWithAUnitAreGib() {
        assertThat(task("disk-size-units.yaml").resources().diskSize()).contains(1024);
        assertThat(task("network-and-disk-tier.yaml").resources().diskSize()).contains(1024);
        assertThat(task("network-and-disk-tier.yaml").resources().diskTier()).contains("ultra");
    }

    @Test
    void sizeEstimatesAreNotArtifacts() {
        assertThat(task("inputs-outputs-estimates.yaml").outputs()).isEmpty();
    }

    @Test
    void aNameWithCapitalsKeepsItsSpellingAndRunsUnderADnsName() {
        assertThat(task("name-with-capitals.yaml").name()).isEqualTo("Train_Llama.v2");
        assertThat(DnsName.of("Train_Llama.v2")).isEqualTo("train-llama-v2");
    }

    @Test
    void checkpointsIsTheUsersOwnMount() {
        assertThat(task("checkpoints-mount.yaml").fileMounts()).containsOnlyKeys("/checkpoints");
        assertThat(TaskSpec.CHECKPOINT_DIR).isNotEqualTo("/checkpoints");
    }

    @Test
    void relativeDestinationsAreUnderTheWorkingDirectory() {
        assertThat(task("relative-mount.yaml").fileMounts())
                .containsOnlyKeys(TaskSpec.WORKDIR + "/data", TaskSpec.WORKDIR + "/configs");
    }

    @Test
    void varsInMountsAndWorkdirComeFromEnvs() {
        TaskSpec t = task("env-substitution.yaml");
        assertThat(t.workdir()).contains("./src");
        FileMount ckpt = t.fileMounts().get("/ckpt");
        assertThat(ckpt.name()).contains("acme-ckpts");
        assertThat(ckpt.store()).contains("s3");
        assertThat(t.fileMounts().get("/data").source()).contains("s3://acme-data/train");
    }

    @Test
    void launchEnvsOverTheFilesInSubstitution() {
        TaskSpec t = (TaskSpec) SpecLoader.load(SpecFixtures.ROOT.resolve("skypilot/env-substitution.yaml"), "x",
                Map.of("BUCKET", "other-ckpts"));
        assertThat(t.fileMounts().get("/ckpt").name()).contains("other-ckpts");
    }

    @Test
    void aJobGroupRunsItsTasksAtOnce() {
        PipelineSpec p = (PipelineSpec) SpecFixtures.load("skypilot/job-group.yaml");
        assertThat(p.name()).isEqualTo("train-and-serve");
        assertThat(p.stages()).extracting(Stage::name).containsExactly("trainer", "evaluator");
        assertThat(p.stages()).allSatisfy(s -> assertThat(s.needs()).isEmpty());
    }

    @Test
    void aGitWorkdirIsTheRepositoryAtItsRef() {
        assertThat(GitWorkdir.parse(task("workdir-git.yaml").workdir().orElseThrow()))
                .contains(new GitWorkdir("https://github.com/acme/trainer.git", java.util.Optional.of("v1.2")));
    }

    @Test
    void anImageIdNullInAnAlternativeMeansTheDefault() {
        Resources r = task("image-id-null-in-any-of.yaml").resources();
        assertThat(r.anyOf()).extracting(Resources::containerImage)
                .containsExactly(java.util.Optional.of("nvcr.io/nvidia/pytorch:24.01-py3"), java.util.Optional.empty());
        assertThat(r.anyOf().get(1).imageId()).as("null overrides a parent's image").contains(Resources.DEFAULT_IMAGE);
    }

    @Test
    void kubernetesAcceleratorNamesAreTheClustersOwn() {
        assertThat(choices("k8s-accelerator.yaml")).containsExactly("MI300:2");
    }

    @Test
    void theSameNameElsewhereIsStillChecked() {
        assertThat(SpecFixtures.problems("invalid/unknown-accelerator.yaml")).hasSize(1);
    }
}
