package dev.skyrun.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                Instant.now(), Optional.empty(), Optional.empty(), false, 1, Optional.empty());
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

    @Test
    void aDatabaseOfANewerSkyrunIsRefusedNamingBothVersionsAndNeverDowngraded() throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        try (StateStore s = StateStore.open(home)) {
            s.runs().insert(run("a-1", "a"));
        }
        int newer = Migrations.latest() + 1;
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.database());
                var st = c.createStatement()) {
            st.execute("CREATE TABLE gadgets (id TEXT)");
            st.execute("INSERT INTO schema_migrations(version, description, applied_at) VALUES (" + newer
                    + ", 'gadgets', '2030-01-01T00:00:00Z')");
        }
        for (var opener : java.util.List.<StoreOpener>of(StateStore::open, StateStore::openReadOnly)) {
            assertThatThrownBy(() -> opener.open(home).close()).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("schema version " + newer)
                    .hasMessageContaining("versions up to " + Migrations.latest())
                    .hasMessageContaining("newer skyrun");
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.database());
                var rs = c.createStatement().executeQuery("SELECT MAX(version), (SELECT COUNT(*) FROM runs),"
                        + " (SELECT COUNT(*) FROM gadgets) FROM schema_migrations")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(newer);
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.getInt(3)).isZero();
        }
    }

    /** {@link StateStore#open} or {@link StateStore#openReadOnly}. */
    interface StoreOpener {
        StateStore open(SkyrunHome home) throws java.io.IOException;
    }

    @Test
    void aReadOnlyStoreReadsRunsAndWritesNothing() throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        try (StateStore s = StateStore.openReadOnly(home)) {
            assertThat(s.runs().all()).isEmpty();
        }
        assertThat(home.database()).as("a read-only command creates no database").doesNotExist();
        try (StateStore s = StateStore.open(home)) {
            s.runs().insert(run("a-1", "a"));
        }
        byte[] before = Files.readAllBytes(home.database());
        try (StateStore s = StateStore.openReadOnly(home)) {
            assertThat(s.runs().find("a")).get().extracting(RunRecord::id).isEqualTo("a-1");
            assertThatThrownBy(() -> s.runs().status("a-1", RunStatus.FAILED, Optional.empty(), Optional.empty()))
                    .isInstanceOf(StateException.class).hasMessageContaining("read-only");
        }
        assertThat(Files.readAllBytes(home.database())).isEqualTo(before);
    }
}
