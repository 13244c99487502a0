package dev.skyrun.local;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.Planner;
import dev.skyrun.run.RunActions;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import dev.skyrun.state.TestStates;
import dev.skyrun.testkit.RecordingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A state store in a temp SKYRUN_HOME (SQLite there, or the test PostgreSQL server's database for
 * this directory: see {@link TestStates}), the real local cloud, and a listener that keeps what it hears.
 */
final class Harness implements AutoCloseable {

    final SkyrunHome home;
    final StateStore state;
    final CloudRegistry clouds;
    final RunController controller;
    final RunActions actions;
    /** What the runs launched here reported. */
    final RecordingListener heard = new RecordingListener();
    final List<EventRecord> events = heard.events;
    final List<LogLine> lines = heard.lines;

    Harness(Path dir) throws IOException {
        this(dir, CloudRegistry.load(Map.of()), Planner.localOnly());
    }

    Harness(Path dir, CloudRegistry clouds, Planner planner) throws IOException {
        home = SkyrunHome.at(dir.resolve("home"));
        state = StateStore.open(home, TestStates.current().env(dir));
        this.clouds = clouds;
        controller = new RunController(state, clouds, planner);
        actions = new RunActions(state, clouds);
    }

    RunOutcome launch(LaunchRequest req) throws Exception {
        return controller.launch(req, heard);
    }

    /** Launches on another thread; the future completes with the run's outcome. */
    CompletableFuture<RunOutcome> launchAsync(LaunchRequest req) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return launch(req);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits (up to 30 s) until the job printed {@code text}. */
    void awaitLine(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (lines.stream().anyMatch(l -> l.text().equals(text))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no line '" + text + "'; saw " + lines);
    }

    /** Waits (up to 30 s) for the first event of {@code kind}. */
    EventRecord awaitEvent(String kind) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (EventRecord e : events) {
                if (e.kind().equals(kind)) {
                    return e;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + kind + " event; saw " + eventKinds());
    }

    List<String> stdout(int node) {
        return lines.stream().filter(l -> l.node() == node && !l.stderr()).map(LogLine::text).toList();
    }

    List<String> eventKinds() {
        return events.stream().map(EventRecord::kind).toList();
    }

    /** The ids of every run made here. */
    List<String> runIds() {
        return state.runs().all().stream().map(r -> r.id()).toList();
    }

    /** Removes everything the runs launched here left (containers, networks), then closes the clouds and the state. */
    @Override
    public void close() {
        state.runs().all().forEach(r -> actions.down(r.id()));
        clouds.close();
        state.close();
    }
}
