package dev.skyrun.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.exec.StatusKeys;
import dev.skyrun.storage.LocalDirStore;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one VM status protocol reader against a real store (a directory), holding what a VM's
 * bootstrap writes: {@code BUCKET/skyrun/RUN/CLUSTER/node-R/{heartbeat,log,exit_code,preempting}}.
 */
class VmStatusTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(300);
    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
    private static final List<NodeHealth> UP = List.of(new NodeHealth("vm-0", NodeHealth.Status.UP, "vm-0 up"),
            new NodeHealth("vm-1", NodeHealth.Status.UP, "vm-1 up"));

    @TempDir
    Path dir;
    private LocalDirStore store;
    private StatusKeys keys;
    private VmStatus status;

    @BeforeEach
    void setUp() {
        store = new LocalDirStore(dir);
        keys = StatusKeys.of("runs-bucket", "run-42", "c1");
        status = new VmStatus("testcloud", store, keys);
    }

    @Test
    void exitCodesDecideFirstEveryZeroSucceedsAndANonZeroFailsNamingItsNode() throws IOException {
        beat(0, NOW);
        beat(1, NOW);
        put(keys.exitCode(0), "0\n");
        assertThat(state(UP)).as("node 1 still running").isEqualTo(new NodeState.Running());
        put(keys.exitCode(1), "0\n");
        assertThat(state(UP)).isEqualTo(new NodeState.Succeeded());

        put(keys.exitCode(1), "3\n");
        assertThat(state(List.of(new NodeHealth("vm-0", NodeHealth.Status.GONE, "vm-0 deleted"))))
                .as("the job's own verdict beats the provider's").isEqualTo(new NodeState.Failed(3, "exit 3 on node 1"));
        put(keys.exitCode(1), "137");
        assertThat(state(UP)).isEqualTo(new NodeState.Failed(137, "exit 137 on node 1 (killed)"));
        put(keys.exitCode(1), "garbage");
        assertThat(state(UP)).isEqualTo(new NodeState.Failed(255, "exit 255 on node 1"));
    }

    @Test
    void aNonZeroExitAfterTheNodesInterruptionNoticeIsPreemptedNotFailed() throws IOException {
        put(keys.preempting(1), "{\"action\": \"terminate\"}");
        put(keys.exitCode(1), "143");
        assertThat(state(UP)).isEqualTo(new NodeState.Preempted("node 1 exited 143 after an interruption notice: {\"action\": \"terminate\"}"));
    }

    @Test
    void theProvidersPreemptionThenTheNodesNoticeThenAStoppedMachine() throws IOException {
        beat(0, NOW);
        beat(1, NOW);
        List<NodeHealth> stopped = List.of(new NodeHealth("vm-0", NodeHealth.Status.STOPPED, "vm-0 terminated"),
                new NodeHealth("vm-1", NodeHealth.Status.UP, "vm-1 up"));
        assertThat(state(stopped)).isEqualTo(new NodeState.Lost("vm-0 terminated"));

        put(keys.preempting(1), "  metadata server: instance/preempted=TRUE\n");
        assertThat(state(stopped)).isEqualTo(new NodeState.Preempted("interruption notice on node 1: metadata server: instance/preempted=TRUE"));

        List<NodeHealth> preempted = List.of(new NodeHealth("vm-0", NodeHealth.Status.UP, "vm-0 up"),
                new NodeHealth("vm-1", NodeHealth.Status.PREEMPTED, "spot vm-1 preempted"));
        assertThat(state(preempted)).isEqualTo(new NodeState.Preempted("spot vm-1 preempted"));
    }

    @Test
    void heartbeatsSayPendingRunningOrLost() throws IOException {
        assertThat(state(List.of(new NodeHealth("vm-0", NodeHealth.Status.STARTING, "vm-0 STAGING"))))
                .isEqualTo(new NodeState.Pending("vm-0 STAGING"));
        beat(0, NOW.minusSeconds(10));
        assertThat(state(UP)).isEqualTo(new NodeState.Pending("node 1 booting: no heartbeat yet"));
        beat(1, NOW.minusSeconds(300));
        assertThat(state(UP)).isEqualTo(new NodeState.Running());
        beat(1, NOW.minusSeconds(301));
        assertThat(state(UP)).isEqualTo(new NodeState.Lost("node 1 silent for 301 s"));
    }

    @Test
    void logsSoFarIncludeALastLineWithoutItsBreakAndMarkSkyrunsOwnLinesAsStderr() throws IOException {
        put(keys.log(0), "skyrun: starting img on node 0\nhello\nno newline yet");
        put(keys.log(1), "from one\n");
        List<LogLine> lines = new ArrayList<>();
        status.logs(2, LogQuery.all(), lines::add, () -> { throw new AssertionError("no state needed without follow"); }, Duration.ZERO);
        assertThat(lines).containsExactly(new LogLine(0, true, "skyrun: starting img on node 0"), new LogLine(0, false, "hello"),
                new LogLine(0, false, "no newline yet"), new LogLine(1, false, "from one"));

        lines.clear();
        status.logs(2, new LogQuery(OptionalInt.of(1), false), lines::add, NodeState.Running::new, Duration.ZERO);
        assertThat(lines).containsExactly(new LogLine(1, false, "from one"));
    }

    @Test
    void followingHoldsAPartialLineUntilItEndsAndStopsOnceTheJobHasEnded() throws IOException {
        put(keys.log(0), "one\ntw");
        AtomicInteger polls = new AtomicInteger();
        List<LogLine> lines = new ArrayList<>();
        status.logs(1, new LogQuery(OptionalInt.empty(), true), lines::add, () -> {
            try {
                if (polls.incrementAndGet() == 1) {
                    assertThat(lines).extracting(LogLine::text).containsExactly("one");
                    put(keys.log(0), "one\ntwo\nthr");
                    return new NodeState.Running();
                }
                put(keys.log(0), "one\ntwo\nthree");
                put(keys.exitCode(0), "0");
                return new NodeState.Succeeded();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, Duration.ZERO);
        assertThat(lines).extracting(LogLine::text).containsExactly("one", "two", "three");
        assertThat(polls).hasValue(2);
    }

    @Test
    void followingGoesOnThroughPollsWhoseReadsFailAndLosesNoLine() throws IOException {
        put(keys.log(0), "one\n");
        AtomicInteger polls = new AtomicInteger();
        List<LogLine> lines = new ArrayList<>();
        status.logs(1, new LogQuery(OptionalInt.empty(), true), lines::add, () -> {
            try {
                switch (polls.incrementAndGet()) {
                    case 1 -> put(keys.log(0), "one\ntwo\n");
                    case 2, 3 -> throw new CloudException("testcloud: cannot read run status: no answer in 10 s");
                    default -> {
                        put(keys.log(0), "one\ntwo\nthree\n");
                        return new NodeState.Succeeded();
                    }
                }
                return new NodeState.Running();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, Duration.ZERO);
        assertThat(lines).extracting(LogLine::text).containsExactly("one", "two", "three");
        assertThat(polls).hasValue(4);
    }

    @Test
    void theLastReadAfterTheJobEndedIsTriedAgainWhenItFails() throws IOException {
        put(keys.log(0), "one\ntwo\n");
        AtomicInteger reads = new AtomicInteger();
        ObjectStore failingOnce = opening(key -> {
            if (reads.incrementAndGet() >= 2 && reads.get() <= 4) { // the read after the end: three cut tries, one failure
                throw new IOException("Connection reset");
            }
            return store.open(key);
        });
        List<LogLine> lines = new ArrayList<>();
        new VmStatus("testcloud", failingOnce, keys).logs(1, new LogQuery(OptionalInt.empty(), true), lines::add, () -> {
            try {
                put(keys.log(0), "one\ntwo\nlast words");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return new NodeState.Succeeded();
        }, Duration.ZERO);
        assertThat(lines).extracting(LogLine::text).containsExactly("one", "two", "last words");
    }

    @Test
    void aReadCutShortIsTriedAgainAndOnlyARepeatedFailureCounts() throws IOException {
        put(keys.exitCode(0), "0\n");
        AtomicInteger cuts = new AtomicInteger(2);
        ObjectStore flaky = opening(key -> {
            if (cuts.getAndDecrement() > 0) {
                throw new IOException("Premature end of Content-Length delimited message body");
            }
            return store.open(key);
        });
        VmStatus reader = new VmStatus("testcloud", flaky, keys);

        assertThat(reader.read(keys.exitCode(0))).as("two cut reads, then the object").hasValue("0\n");

        cuts.set(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.read(keys.exitCode(0)))
                .isInstanceOf(CloudException.class).hasMessageContaining("cannot read run status");
    }

    @Test
    void aReadTheStoreLeavesUnansweredIsCutAtTheDeadlineAndTriedAgain() throws Exception {
        put(keys.exitCode(0), "0\n");
        AtomicInteger stalls = new AtomicInteger(2);
        AtomicInteger closed = new AtomicInteger();
        ObjectStore stalling = opening(key -> {
            if (stalls.getAndDecrement() <= 0) {
                return store.open(key);
            }
            return new java.io.InputStream() { // a body that never comes, as on a stalled connection
                final java.util.concurrent.CountDownLatch gone = new java.util.concurrent.CountDownLatch(1);
                public int read() throws IOException {
                    try {
                        gone.await();
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                    throw new IOException("closed");
                }
                final java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
                public void close() {
                    if (once.compareAndSet(false, true)) {
                        closed.incrementAndGet();
                    }
                    gone.countDown();
                }
            };
        });
        VmStatus reader = new VmStatus("testcloud", stalling, keys, Duration.ofMillis(200));

        assertThat(reader.read(keys.exitCode(0))).as("two unanswered tries, then the object").hasValue("0\n");
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (closed.get() < 2 && System.nanoTime() < until) {
            Thread.sleep(10); // the streams are closed aside
        }
        assertThat(closed).as("each abandoned read's stream is closed").hasValue(2);

        stalls.set(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.read(keys.exitCode(0)))
                .isInstanceOf(CloudException.class).hasMessageContaining("cannot read run status")
                .hasMessageContaining("no answer in 200 ms");
    }

    /** What a read of {@code key} gets from a store that opens objects as {@code open} says. */
    private interface Opening {
        java.io.InputStream open(String key) throws IOException;
    }

    /** The test's store, with {@code open} in place of its own; writes, lists and deletes go to it. */
    private ObjectStore opening(Opening open) {
        return new ObjectStore() {
            public void put(String key, Path file) throws IOException { store.put(key, file); }
            public void put(String key, byte[] bytes) throws IOException { store.put(key, bytes); }
            public java.io.InputStream open(String key) throws IOException { return open.open(key); }
            public List<String> list(String prefix) throws IOException { return store.list(prefix); }
            public void delete(String key) throws IOException { store.delete(key); }
        };
    }

    private NodeState state(List<NodeHealth> health) {
        return status.state(2, health, TIMEOUT, NOW);
    }

    private void beat(int rank, Instant at) throws IOException {
        put(keys.heartbeat(rank), at.getEpochSecond() + "\n");
    }

    private void put(String key, String text) throws IOException {
        store.put(keys.storeKey(key), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theHeartbeatTimeoutIsTheSettingInSecondsElseFiveMinutes() {
        assertThat(VmStatus.heartbeatTimeout((key, fallback) -> fallback)).isEqualTo(Duration.ofMinutes(5));
        assertThat(VmStatus.heartbeatTimeout((key, fallback) -> Map.of("heartbeat_timeout_s", 42L).getOrDefault(key, fallback)))
                .isEqualTo(Duration.ofSeconds(42));
    }
}
