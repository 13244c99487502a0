package dev.skyrun.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path tmp;

    private static RunRecord run(String id, String name) {
        return StateStoreIT.run(id, name);
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
