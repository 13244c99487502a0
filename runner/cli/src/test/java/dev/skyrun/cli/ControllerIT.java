package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.state.Leases;
import dev.skyrun.state.PostgresServer;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.ProjectDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Team mode on a real PostgreSQL server (Debian's, started by the test): processes with homes of
 * their own stand for different machines sharing one database through {@code SKYRUN_STATE}.
 */
class ControllerIT {

    private static final int LEASE_SECONDS = 6;
    private static final String TOKEN = "team-token-4711-secret";

    @TempDir
    Path tmp;

    private Map<String, String> env;
    private StateStore state;
    private final List<CliProcess.Running> started = new ArrayList<>();
    private Docker.CreationWatch created;
    private final List<String> runs = new ArrayList<>();

    @BeforeEach
    void database() throws Exception {
        env = Map.of("JAVA_HOME", System.getProperty("java.home"), "SKYRUN_STATE",
                PostgresServer.shared().freshDatabase());
        state = StateStore.open(SkyrunHome.at(tmp.resolve("observer")), env);
    }

    @AfterEach
    void down() throws Exception {
        started.forEach(p -> p.process().destroyForcibly());
        if (created != null) {
            created.close();
        }
        for (String r : runs) {
            skyrun("laptop", "down", "-q", r);
            assertThat(Docker.orphans(r)).as("left by " + r).isEmpty();
        }
        state.close();
    }

    @Test
    void aRunWhoseControllerIsKilledIsAdoptedByTheOtherWithinItsLeaseAndSucceedsOnOneSetOfNodes() throws Exception {
        CliProcess.Running a = start("machine-a", "controller", "--lease", String.valueOf(LEASE_SECONDS));
        CliProcess.Running b = start("machine-b", "controller", "--lease", String.valueOf(LEASE_SECONDS));
        String name = TaskFiles.uniqueName("team");
        Path spec = TaskFiles.write(tmp, name, "secrets:\n  TEAM_TOKEN: null\n",
                "echo \"token $TEAM_TOKEN\"\nsleep 25\necho second");
        created = Docker.CreationWatch.start("skyrun-run");

        CliProcess.Result launched = skyrun("laptop", "launch", "-d", spec.toString());

        assertThat(launched.exit()).as(launched.toString()).isZero();
        String id = launched.out().strip();
        runs.add(id);
        await("a controller owns " + id, () -> owner(id).filter(o -> o.startsWith("controller")).isPresent(), a, b);
        CliProcess.Running owner = owner(id).orElseThrow().startsWith("controller " + a.process().pid() + "@") ? a : b;
        CliProcess.Running other = owner == a ? b : a;
        Thread.sleep(2000); // mid-run: the owner follows the job
        owner.process().destroyForcibly().waitFor();
        Instant killed = Instant.now();

        await("the other controller adopts " + id, () -> owner(id).filter(o -> o.startsWith("controller "
                + other.process().pid() + "@")).isPresent(), other);
        Duration adoptedAfter = Duration.between(killed, Instant.now());
        assertThat(adoptedAfter).as("adopted within the lease + 2 s").isLessThanOrEqualTo(
                Duration.ofSeconds(LEASE_SECONDS + 2));
        await(id + " succeeded", () -> state.runs().find(id).orElseThrow().status() == RunStatus.SUCCEEDED, other);

        assertThat(state.runs().attempts(id)).as("one attempt, adopted twice").hasSize(1);
        assertThat(created.settled(id)).as("one set of nodes ever existed").hasSize(1);
        assertThat(state.events(id, 0)).extracting(e -> e.message())
                .anyMatch(m -> m.contains("resumed by pid " + other.process().pid()));
        assertThat(state.leases().of(id)).as("an ended run needs no owner").isEmpty();
        assertThat(PostgresServer.shared().dump(env.get("SKYRUN_STATE"))).as("secrets never enter the database")
                .contains(id).doesNotContain(TOKEN);
    }

    @Test
    void concurrentLaunchesOfOneNameFromTwoMachinesOneWinsTheOtherExits3NamingTheHolder() throws Exception {
        String name = TaskFiles.uniqueName("race");
        Path spec = TaskFiles.write(tmp, name, "", "echo racing\nsleep 10");

        CliProcess.Running first = start("machine-a", "launch", "-o", "json", spec.toString());
        CliProcess.Running second = start("machine-b", "launch", "-o", "json", spec.toString());
        CliProcess.Result one = first.finish(Duration.ofMinutes(2));
        CliProcess.Result two = second.finish(Duration.ofMinutes(2));

        List<CliProcess.Result> both = List.of(one, two);
        state.runs().all().forEach(r -> runs.add(r.id()));
        assertThat(state.runs().all()).as("one run was made").hasSize(1);
        String winner = state.runs().all().get(0).id();
        assertThat(both).as(both.toString()).filteredOn(r -> r.exit() == 0).hasSize(1);
        CliProcess.Result loser = both.stream().filter(r -> r.exit() != 0).findFirst().orElseThrow();
        assertThat(loser.exit()).as(loser.toString()).isEqualTo(3);
        assertThat(loser.err()).contains("run name '" + name + "' is held by run " + winner);
        boolean aliceWon = one.exit() == 0;

        String by = aliceWon ? "alice@machine-a" : "bob@machine-b";
        assertThat(skyrun("machine-a", "status", winner).out()).contains("by " + by);
        CliProcess.Result mine = skyrun(aliceWon ? "machine-a" : "machine-b", "status");
        CliProcess.Result theirs = skyrun(aliceWon ? "machine-b" : "machine-a", "status");
        CliProcess.Result everyone = skyrun(aliceWon ? "machine-b" : "machine-a", "status", "--all-users");
        assertThat(mine.out()).as(mine.toString()).contains(winner).contains(by);
        assertThat(theirs.out()).as("another user's runs only with --all-users").doesNotContain(winner);
        assertThat(everyone.out()).as(everyone.toString()).contains(winner).contains(by);
    }

    private Optional<String> owner(String runId) {
        return state.leases().of(runId).map(Leases.Lease::owner);
    }

    private CliProcess.Running start(String machine, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProjectDirs.root().resolve("bin/skyrun").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> e = withoutAgent();
        e.put("HOSTNAME", machine);
        e.put("USER", machine.equals("machine-b") ? "bob" : "alice");
        CliProcess.Running p = CliProcess.start(java.nio.file.Files.createDirectories(tmp.resolve(machine)), e, cmd);
        started.add(p);
        return p;
    }

    private CliProcess.Result skyrun(String machine, String... args) throws Exception {
        return start(machine, args).finish(Duration.ofMinutes(2));
    }

    /** The environment of each process: the shared state; no skyrun agent (each launch its own process). */
    private Map<String, String> withoutAgent() {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("SKYRUN_AGENT", "off");
        e.put("TEAM_TOKEN", TOKEN); // the launch's and each controller's own environment
        return e;
    }

    private static void await(String what, BooleanSupplier done, CliProcess.Running... logs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder s = new StringBuilder("timed out waiting until " + what);
                for (CliProcess.Running p : logs) {
                    s.append("\n--- ").append(String.join(" ", p.command())).append('\n').append(p.err());
                }
                throw new AssertionError(s);
            }
            Thread.sleep(100);
        }
    }
}
