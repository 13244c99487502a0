package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.EmptyCloud;
import dev.skyrun.cloud.JobHandle;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose state cannot be read for a while (its status store or the provider does not answer):
 * the launch keeps watching instead of failing, says so once, and only after the cloud's limit counts
 * the nodes as lost, which recovers the run on a new cluster like a preemption.
 */
class UnreadableStateTest {

    @TempDir
    Path tmp;

    @Test
    void aStateUnreadableForAWhileIsWatchedThroughAndTheRunSucceeds() throws Exception {
        FlakyStateProvider cloud = new FlakyStateProvider(3, Duration.ofMinutes(5), 0);
        List<EventRecord> heard = new CopyOnWriteArrayList<>();

        RunOutcome out = launch(cloud, heard);

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(cloud.provisioned).as("the same cluster, watched through").hasValue(1);
        assertThat(heard).filteredOn(e -> e.kind().equals(EventKind.STATUS_UNREADABLE.name())).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("cannot read the job's state: flaky: no answer")
                        .contains("still watching").contains("lost after 300 s"));
    }

    @Test
    void aStateUnreadableLongerThanTheCloudsLimitIsALostNodeAndTheRunRecovers() throws Exception {
        FlakyStateProvider cloud = new FlakyStateProvider(0, Duration.ofSeconds(2), 1);
        List<EventRecord> heard = new CopyOnWriteArrayList<>();

        RunOutcome out = launch(cloud, heard);

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        try (StateStore state = StateStore.open(SkyrunHome.at(tmp.resolve("home")))) {
            List<AttemptRecord> attempts = state.runs().attempts(out.runId());
            assertThat(attempts).extracting(AttemptRecord::status).containsExactly(RunStatus.PREEMPTED, RunStatus.SUCCEEDED);
            assertThat(attempts.get(0).reason()).get().asString().contains("lost: the job's state unreadable for 2 s");
        }
        assertThat(cloud.provisioned).as("a new cluster for attempt 2").hasValue(2);
    }

    private RunOutcome launch(FlakyStateProvider cloud, List<EventRecord> heard) throws Exception {
        Path file = Files.writeString(tmp.resolve("task.yaml"), """
                name: watched
                image: busybox@sha256:%s
                run: python train.py
                """.formatted("a".repeat(64)));
        TaskSpec task = (TaskSpec) SpecLoader.load(file);
        Placement placement = new Placement("flaky", "r1", Optional.of("r1a"), "m1", false, Optional.empty(), 2, 4, 0.1, 1,
                "test");
        try (StateStore state = StateStore.open(SkyrunHome.at(tmp.resolve("home")));
                CloudRegistry clouds = CloudRegistry.of(List.of(cloud), Map.of())) {
            return new RunController(state, clouds, (t, c) -> List.of(placement)).launch(LaunchRequest.of(task), new RunListener() {
                @Override
                public void event(EventRecord event) {
                    heard.add(event);
                }

                @Override
                public void log(dev.skyrun.cloud.LogLine line) {}
            });
        }
    }

    /**
     * A test cloud whose jobs end at once, but whose state reads throw for the first {@code failures} reads,
     * and for every read of the first {@code unreadableClusters} clusters it provisions.
     */
    private static final class FlakyStateProvider implements CloudProvider {

        final AtomicInteger provisioned = new AtomicInteger();
        final AtomicInteger failures;
        final Duration limit;
        final int unreadableClusters;

        FlakyStateProvider(int failures, Duration limit, int unreadableClusters) {
            this.failures = new AtomicInteger(failures);
            this.limit = limit;
            this.unreadableClusters = unreadableClusters;
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public Cloud open(CloudSettings settings) {
            return new EmptyCloud("flaky") {
                @Override
                public Cluster provision(Placement p, ClusterRequest r) {
                    int n = provisioned.incrementAndGet();
                    return new Cluster("flaky", r.clusterName(), p, List.of("node-" + n), Map.of("run", r.runId(),
                            "number", String.valueOf(n)));
                }

                @Override
                public JobHandle submit(Cluster c, JobSpec job, Secrets secrets) {
                    return new JobHandle(c, "job");
                }

                @Override
                public NodeState state(Cluster c) {
                    if (Integer.parseInt(c.attributes().get("number")) <= unreadableClusters || failures.getAndDecrement() > 0) {
                        throw new CloudException("flaky: no answer in 10 s");
                    }
                    return new NodeState.Succeeded();
                }

                @Override
                public Duration unreadableLimit() {
                    return limit;
                }
            };
        }
    }
}
