package dev.skyrun.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where skyrun once read a SkyPilot file differently from SkyPilot, it now reads it as SkyPilot does. */
class SkyPilotMeaningTest {

    @TempDir
    Path dir;

    private TaskSpec task(String yaml) throws IOException {
        return (TaskSpec) SpecLoader.load(Files.writeString(dir.resolve("t.yaml"), yaml), "t.yaml");
    }

    private List<String> problems(String yaml) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.yaml"), yaml);
        return assertThrows(InvalidInputException.class, () -> SpecLoader.load(f, "bad.yaml")).problems().stream()
                .map(Problem::toString).toList();
    }

    @Test
    void yaml11BooleansAndNumbersAreReadAsSkyPilotsLoaderReadsThem() throws IOException {
        TaskSpec t = task("""
                resources:
                  use_spot: yes
                envs:
                  FLAG: on
                  OCTAL: 010
                  LR: 1e-6
                  TIME: 1:30
                run: echo
                """);
        assertThat(t.resources().useSpot()).contains(true);
        assertThat(t.envs()).containsEntry("FLAG", "True").containsEntry("OCTAL", "8").containsEntry("LR", "1e-6")
                .containsEntry("TIME", "90");
    }

    @Test
    void theDefaultRecoveryIsSkyPilotsEagerNextRegion() throws IOException {
        assertThat(JobRecovery.DEFAULT.strategy()).isEqualTo(JobRecovery.Strategy.EAGER_NEXT_REGION);
        TaskSpec t = task("resources:\n  job_recovery:\n    max_restarts_on_errors: 2\nrun: echo\n");
        assertThat(t.resources().jobRecovery().orElseThrow().strategy()).isEqualTo(JobRecovery.Strategy.EAGER_NEXT_REGION);
    }

    @Test
    void anyOfWithOrderedIsRefusedAsSkyPilotRefusesIt() throws IOException {
        assertThat(problems("""
                resources:
                  any_of:
                    - infra: aws
                  ordered:
                    - infra: gcp
                run: echo
                """)).containsExactly("bad.yaml:4:3: resources has both any_of and ordered; SkyPilot refuses that, and so"
                + " does skyrun (keep one: any_of lets the optimizer order the alternatives by price, ordered tries them as written)");
    }

    @Test
    void regionsAndZonesAreCheckedAgainstTheCatalogWithTheirLines() throws IOException {
        List<String> found = problems("""
                resources:
                  infra: aws/us-central1
                  any_of:
                    - zone: us-east-1z
                run: echo
                """);
        assertThat(found).hasSize(2);
        assertThat(found.get(0)).startsWith("bad.yaml:2:10: region 'us-central1' is not a region of aws in the catalog");
        assertThat(found.get(1)).startsWith("bad.yaml:4:13: zone 'us-east-1z' is not a zone of aws in the catalog");
        assertThat(task("resources:\n  infra: gcp/us-central1/us-central1-a\nrun: echo\n").resources().zone())
                .contains("us-central1-a");
    }

    @Test
    void schemaAndSemanticProblemsComeInOnePass() throws IOException {
        assertThat(problems("""
                resources:
                  accelerators: A100-80G:8
                  use_spot: maybe
                run: echo
                """)).containsExactly(
                "bad.yaml:2:17: unknown accelerator 'A100-80G' (did you mean 'A100-80GB' or 'A100' or 'A10'?)",
                "bad.yaml:3:13: 'resources.use_spot' must be true or false, not text (Run on spot (preemptible) capacity; skyrun"
                        + " recovers from preemption.)");
    }

    @Test
    void aHardwareKeyAtTheTopSaysItBelongsUnderResources() throws IOException {
        assertThat(problems("gpus: L4:1\nrun: echo\n").get(0)).endsWith("(it belongs under resources: write resources.gpus"
                + " (or its usual name, resources.accelerators))");
    }

    @Test
    void aSourceListKeepsEveryEntry() throws IOException {
        TaskSpec t = task("""
                file_mounts:
                  /data:
                    name: acme-data
                    source: [./a.txt, ./b.txt]
                    mode: COPY
                run: ls /data
                """);
        assertThat(t.fileMounts().get("/data").sources()).containsExactly("./a.txt", "./b.txt");
    }

    @Test
    void aPerRegionImageMapLimitsTheRegionsAndItsDockerEntryIsTheJobImage() throws IOException {
        TaskSpec t = task("""
                resources:
                  infra: aws
                  image_id:
                    us-east-1: ami-123
                    us-west-2: ami-456
                    docker: ubuntu:22.04
                run: echo
                """);
        assertThat(t.resources().anyOf()).extracting(r -> r.region().orElseThrow()).containsExactly("us-east-1", "us-west-2");
        assertThat(t.containerImage()).contains("ubuntu:22.04");
    }

    @Test
    void envBooleansAreTextAsSkyPilotMakesThem() throws IOException {
        assertThat(task("envs:\n  DEBUG: true\nrun: echo\n").envs()).containsEntry("DEBUG", "True");
    }

    @Test
    void memoryAndDiskSizesTakeSkyPilotsUnits() throws IOException {
        TaskSpec t = task("resources:\n  memory: 64GB+\n  disk_size: 1500MB\nrun: echo\n");
        assertThat(t.resources().memory()).contains(new Quantity(64, true));
        assertThat(t.resources().diskSize()).contains(1); // SkyPilot floors to whole GB
        assertThat(task("resources:\n  memory: 1TB\nrun: echo\n").resources().memory()).contains(new Quantity(1024, false));
    }
}
