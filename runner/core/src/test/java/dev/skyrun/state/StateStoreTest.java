package dev.skyrun.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path tmp;

    private static RunRecord run(String id, String name) {
        return new RunRecord(id, name, id + "-task0", RunStatus.PENDING, Optional.empty(), "{}", Instant.now(),
                Instant.now(), Optional.empty(), Optional.empty(), false, 1);
    }

    @Test
    void runsAttemptsEventsAndIntentsSurviveReopening() throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        try (StateStore s = StateStore.open(home)) {
            s.runs().insert(run("train-1", "train"));
            s.runs().insertAttempt(new AttemptRecord("train-1", 1, "local", "local/local", "train-1-1",
                    RunStatus.PROVISIONING, Instant.now(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty()));
            Intent i = s.intend("train-1", Optional.of(1), "provision", "train-1-1");
            s.event("train-1", Optional.of(1), "PROVISIONING", "go");
            s.runs().attemptStatus("train-1", 1, RunStatus.FAILED, Optional.of(42), Optional.of("exit 42"));
            s.runs().status("train-1", RunStatus.FAILED, Optional.of(42), Optional.of("exit 42"));
            assertThat(s.intents("train-1")).singleElement().satisfies(x -> assertThat(x.done()).isFalse());
            s.done(i);
        }
        try (StateStore s = StateStore.open(home)) {
            RunRecord r = s.runs().find("train").orElseThrow();
            assertThat(r.id()).isEqualTo("train-1");
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.exitCode()).contains(42);
            assertThat(s.runs().attempts("train-1")).singleElement()
                    .satisfies(a -> assertThat(a.endedAt()).isPresent());
            assertThat(s.events("train-1", 0)).extracting(EventRecord::kind).containsExactly("PROVISIONING");
            assertThat(s.intents("train-1")).singleElement().satisfies(x -> assertThat(x.done()).isTrue());
        }
    }

    @Test
    void migrationsRecordTheirVersionAndRunOnce() throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        StateStore.open(home).close();
        StateStore.open(home).close();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.database());
                var rs = c.createStatement().executeQuery("SELECT COUNT(*), MAX(version) FROM schema_migrations")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Migrations.ALL.size());
            assertThat(rs.getInt(2)).isEqualTo(Migrations.ALL.get(Migrations.ALL.size() - 1).version());
        }
    }

    @Test
    void homeIsPrivate() throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        try (StateStore s = StateStore.open(home)) {
            s.runs().insert(run("a-1", "a"));
            NameLock.tryAcquire(home, "a", "a-1").orElseThrow().close();
            home.runDir("a-1");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.dir()))).isEqualTo("rwx------");
        try (Stream<Path> all = Files.walk(home.dir())) {
            all.forEach(p -> {
                try {
                    String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    assertThat(perms).as(p.toString()).isIn("rwx------", "rw-------");
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void aHeldNameNamesItsHolder() throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        try (NameLock held = NameLock.tryAcquire(home, "train", "train-abc").orElseThrow()) {
            assertThat(NameLock.tryAcquire(home, "train", "train-def")).isEmpty();
            assertThat(NameLock.holder(home, "train")).contains("train-abc");
        }
        assertThat(NameLock.tryAcquire(home, "train", "train-def")).isPresent().get().satisfies(l -> l.close());
    }
}
