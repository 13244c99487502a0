package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ShowGpusCommandTest {

    @Test
    void overviewListsEachAcceleratorPerCloudWithItsCheapestOffer() {
        CliRun run = CliRun.of("show-gpus", "--catalog", "bundled");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("catalog: bundled-");
        // make_bundled.py: Trainium on trn1.2xlarge (1.34375) and trn1.32xlarge/trn1n.32xlarge (16).
        assertThat(run.out()).containsPattern("(?m)^Trainium +aws +1,16 +trn1\\.2xlarge +8 +32 +1\\.3438 +us-east-1$");
        assertThat(run.out()).containsPattern("(?m)^tpu-v5litepod-8 +gcp +1 +TPU-VM +- +- +9\\.6000 +us-central1/us-central1-a$");
    }

    @Test
    void oneAcceleratorWithCountAsJsonCheapestFirst() throws Exception {
        CliRun run = CliRun.of("show-gpus", "A100:8", "--catalog", "bundled", "-o", "json");
        assertThat(run.exit()).isZero();
        JsonNode rows = new ObjectMapper().readTree(run.out()).get("rows");
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0).get("cloud").asText()).isEqualTo("lambda");
        assertThat(rows.get(0).get("instance_type").asText()).isEqualTo("gpu_8x_a100");
        assertThat(rows.get(0).get("price").asDouble()).isEqualTo(10.32);
        assertThat(rows.get(3).get("instance_type").asText()).isEqualTo("a2-highgpu-8g");
        assertThat(rows.get(4).get("cloud").asText()).isEqualTo("vertex");
        assertThat(rows.get(4).get("price").asDouble()).isEqualTo(33.8232);
        assertThat(rows.get(5).get("cloud").asText()).isEqualTo("sagemaker");
        assertThat(rows.get(5).get("instance_type").asText()).isEqualTo("ml.p4d.24xlarge");
        assertThat(rows.get(5).get("price").asDouble()).isEqualTo(37.688);
    }

    @Test
    void unknownNameIsBadInputWithSuggestions() {
        CliRun run = CliRun.of("show-gpus", "A10O", "--catalog", "bundled");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown accelerator 'A10O'").contains("did you mean A100");
        assertThat(run.out()).isEmpty();
    }
}
