package dev.skyrun.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobEnvTest {

    @Test
    void everyVariableHasItsSkypilotTwinWithTheSameValue() {
        JobSpec job = new JobSpec("run-1", "run-1-task0", 2, "img", Optional.empty(), "true", Map.of(), List.of(),
                List.of(), 2, 1, 0, 0, "/ckpt");
        Map<String, String> env = new java.util.HashMap<>(JobEnv.shared(job));
        env.putAll(JobEnv.node(1, List.of("10.0.0.2", "10.0.0.3")));

        assertThat(env).containsEntry("SKYRUN_RUN_ID", "run-1").containsEntry("SKYRUN_TASK_ID", "run-1-task0")
                .containsEntry("SKYRUN_ATTEMPT", "2").containsEntry("SKYRUN_NUM_NODES", "2")
                .containsEntry("SKYRUN_NODE_RANK", "1").containsEntry("SKYRUN_NODE_IPS", "10.0.0.2\n10.0.0.3")
                .containsEntry("SKYRUN_NUM_GPUS_PER_NODE", "1").containsEntry("SKYRUN_CHECKPOINT_DIR", "/ckpt");
        JobEnv.SKYPILOT_TWINS.forEach((ours, theirs) -> assertThat(env.get(theirs)).isEqualTo(env.get(ours)));
    }
}
