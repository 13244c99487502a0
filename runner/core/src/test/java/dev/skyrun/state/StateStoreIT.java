package dev.skyrun.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The state store on each database it runs on: the home's SQLite file and a real PostgreSQL server. */
class StateStoreIT {

    @TempDir
    Path tmp;

    static RunRecord run(String id, String name) {
        return new RunRecord(id, name, id + "-task0", RunStatus.PENDING, Optional.empty(), "{}", Instant.now(),
                Instant.now(), Optional.empty(), Optional.empty(), false, 1, Optional.empty());
    }

    @ParameterizedTest
    @EnumSource(TestStates.class)
    void runsAttemptsEventsAndIntentsSurviveReopening(TestStates db) throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        Map<String, String> env = db.env();
        try (StateStore s = StateStore.open(home, env)) {
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
        try (StateStore s = StateStore.open(home, env)) {
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

    @ParameterizedTest
    @EnumSource(TestStates.class)
    void createdBucketsAreRecordedOnceWithTheirDeletionAndItsFailure(TestStates db) throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        Map<String, String> env = db.env();
        try (StateStore s = StateStore.open(home, env)) {
            s.buckets().created("b-1", "s3", "acme-tmp", false);
            s.buckets().created("b-1", "s3", "acme-tmp", true);
            s.buckets().created("b-1", "gs", "acme-keep", true);
            s.buckets().failed("b-1", "s3", "acme-tmp", "AccessDenied");
            assertThat(s.buckets().of("b-1")).extracting(CreatedBuckets.Row::bucket, CreatedBuckets.Row::persistent,
                    CreatedBuckets.Row::failure).containsExactly(org.assertj.core.groups.Tuple.tuple("acme-keep", true,
                    Optional.empty()), org.assertj.core.groups.Tuple.tuple("acme-tmp", false, Optional.of("AccessDenied")));
            s.buckets().deleted("b-1", "s3", "acme-tmp");
        }
        try (StateStore s = StateStore.open(home, env)) {
            assertThat(s.buckets().of("b-1")).filteredOn(r -> r.bucket().equals("acme-tmp")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.deletedAt()).isPresent();
                        assertThat(r.failure()).isEmpty();
                    });
            assertThat(s.buckets().of("other")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestStates.class)
    void nodesLedgerAndEstimatesKeepOneRowEachAndRunsListNewestFirst(TestStates db) throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        try (StateStore s = StateStore.open(home, db.env())) {
            Instant t = Instant.parse("2026-12-07T10:00:00Z");
            for (String id : List.of("a-1", "a-2", "a-3")) {
                s.runs().insert(new RunRecord(id, "a", id + "-task0", RunStatus.PENDING, Optional.empty(), "{}", t, t,
                        Optional.empty(), Optional.empty(), false, 1, Optional.empty()));
            }
            assertThat(s.runs().all()).extracting(RunRecord::id).containsExactly("a-3", "a-2", "a-1");
            assertThat(s.runs().find("a")).get().extracting(RunRecord::id).isEqualTo("a-3");
            s.runs().insertAttempt(new AttemptRecord("a-1", 1, "local", "local/local", "a-1-1", RunStatus.RUNNING, t,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            s.node("a-1", 1, 0, "old", Optional.empty());
            s.node("a-1", 1, 0, "new", Optional.of("10.0.0.2"));
            assertThat(s.nodeIds("a-1", 1)).containsExactly("new");
            s.ledger().open(new LedgerEntry("a-1", 1, 2, 1.25, "catalog", t, t, Optional.empty()));
            s.ledger().open(new LedgerEntry("a-1", 1, 9, 9.99, "catalog", t, t.plusSeconds(60), Optional.empty()));
            s.ledger().close("a-1", 1, t.minusSeconds(5));
            assertThat(s.ledger().entries("a-1")).singleElement().satisfies(e -> {
                assertThat(e.nodes()).isEqualTo(2);
                assertThat(e.pricePerNode()).isEqualTo(1.25);
                assertThat(e.billedTo()).as("never before its start").contains(t);
            });
            s.ledger().estimate("a-1", "local/local", 0.5, t);
            s.ledger().estimate("a-1", "aws/us-east-1", 3.0625, t);
            assertThat(s.ledger().estimate("a-1")).get().satisfies(e -> {
                assertThat(e.infra()).isEqualTo("aws/us-east-1");
                assertThat(e.pricePerHour()).isEqualTo(3.0625);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestStates.class)
    void migrationsRecordTheirVersionAndRunOnce(TestStates db) throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        Map<String, String> env = db.env();
        StateStore.open(home, env).close();
        StateStore.open(home, env).close();
        try (Connection c = raw(home, env);
                var rs = c.createStatement().executeQuery("SELECT COUNT(*), MAX(version) FROM schema_migrations")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Migrations.ALL.size());
            assertThat(rs.getInt(2)).isEqualTo(Migrations.ALL.get(Migrations.ALL.size() - 1).version());
        }
    }

    @ParameterizedTest
    @EnumSource(TestStates.class)
    void aDatabaseOfANewerSkyrunIsRefusedNamingBothVersionsAndNeverDowngraded(TestStates db) throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        Map<String, String> env = db.env();
        try (StateStore s = StateStore.open(home, env)) {
            s.runs().insert(run("a-1", "a"));
        }
        int newer = Migrations.latest() + 1;
        try (Connection c = raw(home, env); var st = c.createStatement()) {
            st.execute("CREATE TABLE gadgets (id TEXT)");
            st.execute("INSERT INTO schema_migrations(version, description, applied_at) VALUES (" + newer
                    + ", 'gadgets', '2030-01-01T00:00:00Z')");
        }
        for (var opener : List.<StoreOpener>of(StateStore::open, StateStore::openReadOnly)) {
            assertThatThrownBy(() -> opener.open(home, env).close()).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("schema version " + newer)
                    .hasMessageContaining("versions up to " + Migrations.latest())
                    .hasMessageContaining("newer skyrun");
        }
        try (Connection c = raw(home, env);
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
        StateStore open(SkyrunHome home, Map<String, String> env) throws java.io.IOException;
    }

    @ParameterizedTest
    @EnumSource(TestStates.class)
    void aReadOnlyStoreReadsRunsAndWritesNothing(TestStates db) throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        Map<String, String> env = db.env();
        try (StateStore s = StateStore.openReadOnly(home, env)) {
            assertThat(s.runs().all()).isEmpty();
        }
        try (StateStore s = StateStore.open(home, env)) {
            s.runs().insert(run("a-1", "a"));
        }
        try (StateStore s = StateStore.openReadOnly(home, env)) {
            assertThat(s.runs().find("a")).get().extracting(RunRecord::id).isEqualTo("a-1");
            assertThatThrownBy(() -> s.runs().status("a-1", RunStatus.FAILED, Optional.empty(), Optional.empty()))
                    .isInstanceOf(StateException.class).hasMessageContaining("read-only");
        }
        try (StateStore s = StateStore.open(home, env)) {
            assertThat(s.runs().find("a-1")).get().extracting(RunRecord::status).isEqualTo(RunStatus.PENDING);
        }
    }

    @ParameterizedTest
    @EnumSource(TestStates.class)
    void aHeldNameIsRefusedToAnotherStoreNamingItsHolderAndFreedWhenTheHolderGoes(TestStates db) throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        Map<String, String> env = db.env();
        try (StateStore first = StateStore.open(home, env); StateStore second = StateStore.open(home, env)) {
            try (HeldName held = first.tryLockName("train", "train-abc").orElseThrow()) {
                assertThat(first.tryLockName("train", "train-def")).as("the same store, again").isEmpty();
                assertThat(second.tryLockName("train", "train-def")).isEmpty();
                assertThat(second.nameHolder("train")).contains("train-abc")
                        .contains("pid " + ProcessHandle.current().pid());
                assertThat(second.tryLockName("other", "other-1")).isPresent().get().satisfies(HeldName::close);
            }
            second.tryLockName("train", "train-def").orElseThrow().close();
        }
        if (db == TestStates.POSTGRESQL) {
            StateStore dies = StateStore.open(home, env);
            dies.tryLockName("train", "train-ghi").orElseThrow();
            try (StateStore other = StateStore.open(home, env)) {
                assertThat(other.tryLockName("train", "train-jkl")).isEmpty();
                dies.close(); // its connection ends, as a killed controller's does
                assertThat(other.lockName("train", "train-jkl", java.time.Duration.ofSeconds(5))).isPresent();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestStates.class)
    void runsAndReleasesRecordTheUserAndHostThatMadeThem(TestStates db) throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        Map<String, String> env = new java.util.HashMap<>(db.env());
        env.putAll(Map.of("USER", "ada", "HOSTNAME", "build-7"));
        try (StateStore s = StateStore.open(home, env)) {
            s.runs().insert(run("a-1", "a"));
            s.releases().insert(new ReleaseRow("fed", "1.0.0", Instant.now(), "PROMOTED", "0".repeat(64),
                    Optional.empty(), Optional.of("a-1"), Optional.empty(), 2, new byte[] {1, 2}));
        }
        env.put("USER", "grace");
        try (StateStore s = StateStore.open(home, env)) {
            s.releases().insert(new ReleaseRow("fed", "1.0.0+1", Instant.now(), "PROMOTED", "1".repeat(64),
                    Optional.empty(), Optional.empty(), Optional.of("fed@1.0.0"), 2, new byte[] {3}));
            assertThat(s.runs().startedBy("a-1")).contains("ada@build-7");
            assertThat(s.runs().starters()).containsEntry("a-1", "ada@build-7");
            assertThat(s.releases().makers("fed")).containsExactlyInAnyOrderEntriesOf(Map.of("1.0.0", "ada@build-7",
                    "1.0.0+1", "grace@build-7"));
            assertThat(s.releases().find("fed", "1.0.0")).get().extracting(ReleaseRow::manifest)
                    .isEqualTo(new byte[] {1, 2});
        }
    }

    /** A connection of the test's own to the database the store uses. */
    private static Connection raw(SkyrunHome home, Map<String, String> env) throws SQLException {
        String url = env.get(ServerDatabase.ENV);
        return url == null ? new org.sqlite.JDBC().connect("jdbc:sqlite:" + home.database(), new java.util.Properties())
                : ServerDatabase.parse(url).connect(false);
    }
}
