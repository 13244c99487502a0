package dev.skyrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.manifest.StageRecord;
import dev.skyrun.manifest.StageRecord.Status;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.Stage;
import dev.skyrun.spec.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelineSchedulerTest {

    static Stage stage(String name, String... needs) {
        TaskSpec task = new TaskSpec(name, Optional.empty(), 1, Resources.ANY, Map.of(), Map.of(), Map.of(),
                Optional.empty(), Optional.of("true"), Optional.empty(), Map.of(), Optional.empty(), List.of());
        return new Stage(name, task, List.of(needs), Optional.empty());
    }

    static PipelineSpec pipeline(Stage... stages) {
        return new PipelineSpec("p", List.of(stages), Optional.empty());
    }

    static StageOutcome outcome(Stage s, Status status) {
        return new StageOutcome(new StageRecord(s.name(), status, Optional.empty(), Map.of(), Map.of(),
                status == Status.SUCCEEDED ? Optional.empty() : Optional.of("exit 1")), List.of(), List.of());
    }

    @Test
    void independentStagesRunAtTheSameTimeAndDependantsAfterThem() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        Map<String, Map<String, StageOutcome>> seen = new ConcurrentHashMap<>();
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        PipelineScheduler scheduler = new PipelineScheduler((s, upstream) -> {
            seen.put(s.name(), upstream);
            if (!s.name().equals("distill")) {
                bothRunning.countDown();
                // Each of the two independent stages waits for the other: only parallel runs finish.
                assertThat(bothRunning.await(10, TimeUnit.SECONDS)).as("the other stage runs meanwhile").isTrue();
            }
            return outcome(s, Status.SUCCEEDED);
        }, events::add);
        List<StageOutcome> out = scheduler.run(pipeline(stage("distill", "textgen", "embed"), stage("textgen"), stage("embed")));
        assertThat(out).extracting(o -> o.stage().name() + "=" + o.stage().status())
                .containsExactly("distill=SUCCEEDED", "textgen=SUCCEEDED", "embed=SUCCEEDED");
        assertThat(seen.get("distill")).containsOnlyKeys("textgen", "embed");
        assertThat(events.get(events.size() - 1)).extracting(PipelineEvent::stage, PipelineEvent::kind)
                .containsExactly("distill", PipelineEvent.Kind.SUCCEEDED);
    }

    @Test
    void aFailedStageSkipsItsDependantsAndTheRestFinish() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        PipelineScheduler scheduler = new PipelineScheduler((s, upstream) -> {
            ran.add(s.name());
            if (s.name().equals("textgen")) {
                throw new StageFailedException("stage textgen wrote no metrics file at /outputs/metrics.json");
            }
            return outcome(s, Status.SUCCEEDED);
        }, e -> { });
        List<StageOutcome> out = scheduler.run(pipeline(stage("textgen"), stage("embed"), stage("distill", "textgen", "embed"),
                stage("publish", "distill"), stage("report", "embed")));
        assertThat(out).extracting(o -> o.stage().name() + "=" + o.stage().status()).containsExactly(
                "textgen=FAILED", "embed=SUCCEEDED", "distill=SKIPPED", "publish=SKIPPED", "report=SUCCEEDED");
        assertThat(out.get(0).stage().error()).contains("stage textgen wrote no metrics file at /outputs/metrics.json");
        assertThat(out.get(2).stage().error()).contains("needs textgen, which did not succeed");
        assertThat(ran).containsExactlyInAnyOrder("textgen", "embed", "report");
    }

    @Test
    void aChainRunsInOrderAndCyclesAreRefused() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        new PipelineScheduler((s, u) -> {
            ran.add(s.name());
            return outcome(s, Status.SUCCEEDED);
        }, e -> { }).run(pipeline(stage("a"), stage("b", "a"), stage("c", "b")));
        assertThat(ran).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> StageOrder.topological(List.of(stage("a", "b"), stage("b", "a"))))
                .hasMessageContaining("form a cycle");
    }
}
