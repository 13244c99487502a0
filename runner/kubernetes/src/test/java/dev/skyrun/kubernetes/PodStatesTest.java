package dev.skyrun.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.NodeState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How pod phases, reasons and conditions map onto the recovery model. */
class PodStatesTest {

    @Test
    void aPodGoneWithItsNodeIsAPreemption() {
        assertThat(PodStates.of(List.of(Optional.of(running()), Optional.empty())))
                .isInstanceOfSatisfying(NodeState.Preempted.class, p -> assertThat(p.reason()).contains("node 1", "drained or deleted"));
    }

    @Test
    void aDisruptionTargetConditionIsAPreemptionEvenBeforeThePodEnds() {
        Pod preempted = new PodBuilder(running()).editStatus().addNewCondition().withType("DisruptionTarget").withStatus("True")
                .withReason("PreemptionByScheduler").withMessage("preempted by a higher priority pod").endCondition().endStatus().build();
        assertThat(PodStates.of(List.of(Optional.of(preempted))))
                .isEqualTo(new NodeState.Preempted("node 0: DisruptionTarget PreemptionByScheduler: preempted by a higher priority pod"));
    }

    @Test
    void aSpotNodeShutdownIsAPreemption() {
        Pod shutdown = new PodBuilder(running()).editStatus().withPhase("Failed").withReason("Terminated")
                .withMessage("Pod was terminated in response to imminent node shutdown.").endStatus().build();
        assertThat(PodStates.of(List.of(Optional.of(shutdown)))).isInstanceOf(NodeState.Preempted.class);
    }

    @Test
    void aNonZeroExitIsTheJobsFailureAndOomIsSaid() {
        assertThat(PodStates.of(List.of(Optional.of(exited(0, "Completed")), Optional.of(exited(2, "Error")))))
                .isEqualTo(new NodeState.Failed(2, "node 1 exited 2"));
        assertThat(PodStates.of(List.of(Optional.of(exited(137, "OOMKilled"))))).isEqualTo(new NodeState.Failed(137, "OOMKilled"));
    }

    @Test
    void anImageThatCannotBePulledFailsTheJobInsteadOfWaitingForever() {
        Pod pulling = new PodBuilder().withNewMetadata().withName("p-0").endMetadata().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName("job").withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"ghcr.io/acme/trainer:9\"").endWaiting().endState().endContainerStatus()
                .endStatus().build();
        assertThat(PodStates.of(List.of(Optional.of(pulling))))
                .isInstanceOfSatisfying(NodeState.Failed.class, f -> assertThat(f.reason()).contains("ImagePullBackOff", "trainer:9"));
    }

    @Test
    void allSucceededIsSuccessAndAnyRunningIsRunning() {
        assertThat(PodStates.of(List.of(Optional.of(exited(0, "Completed")), Optional.of(running())))).isEqualTo(new NodeState.Running());
        assertThat(PodStates.of(List.of(Optional.of(exited(0, "Completed"))))).isEqualTo(new NodeState.Succeeded());
    }

    private static Pod running() {
        return new PodBuilder().withNewMetadata().withName("p-0").endMetadata().withNewSpec().withNodeName("n1").endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
    }

    private static Pod exited(int code, String reason) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase(code == 0 ? "Succeeded" : "Failed")
                .addNewContainerStatus().withName("job").withNewState().withNewTerminated().withExitCode(code).withReason(reason)
                .endTerminated().endState().endContainerStatus().endStatus().build();
    }
}
