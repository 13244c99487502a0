package dev.skyrun.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeStateTest {

    @Test
    void aJobHasEndedOnceItSucceededFailedWasPreemptedOrLostAndAnUnknownStateStillCountsAsPending() {
        List<NodeState> going = List.of(new NodeState.Pending("booting"), new NodeState.Running(), new NodeState.Unrecognized("Hibernating"));
        List<NodeState> over = List.of(new NodeState.Succeeded(), new NodeState.Failed(3, ""), new NodeState.Preempted("spot"),
                new NodeState.Lost("gone"));
        assertThat(going).noneMatch(NodeState::ended);
        assertThat(over).allMatch(NodeState::ended);
    }
}
