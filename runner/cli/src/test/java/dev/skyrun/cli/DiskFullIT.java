package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import dev.skyrun.testkit.Docker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skyrun's home on a real, full file system (a 4 MiB tmpfs this test mounts and removes): the
 * commands that only look still work, the ones that write say "disk full".
 */
class DiskFullIT {

    @TempDir
    Path tmp;

    Path disk;

    @BeforeEach
    void mount() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        Docker.Result r = run("mount", "-t", "tmpfs", "-o", "size=4m", "skyrun-diskfull-test", disk.toString());
        Assumptions.assumeTrue(r.code() == 0, "mounting a tmpfs needs root: " + r.output());
    }

    @AfterEach
    void unmount() {
        run("umount", disk.toString());
    }

    @Test
    void statusListsEarlierRunsOnAFullDiskAndWritesSayDiskFull() throws Exception {
        Path homeDir = disk.resolve("home");
        try (StateStore state = StateStore.open(SkyrunHome.at(homeDir))) {
            state.runs().insert(new RunRecord("train-0a1b2c", "train", "train-0a1b2c-task0", RunStatus.PENDING,
                    Optional.empty(), "{}", Instant.now(), Instant.now(), Optional.empty(), Optional.empty(), false, 0, Optional.empty()));
            state.runs().status("train-0a1b2c", RunStatus.SUCCEEDED, Optional.of(0), Optional.of("succeeded"));
        }
        fill(disk);
        Map<String, String> env = Map.of("SKYRUN_HOME", homeDir.toString());

        CliProcess.Result status = CliProcess.run(tmp, env, "status");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("train-0a1b2c", "SUCCEEDED");
        CliProcess.Result one = CliProcess.run(tmp, env, "status", "train", "-o", "json");
        assertThat(one.exit()).as(one.toString()).isZero();
        assertThat(one.out()).contains("\"train-0a1b2c\"");

        CliProcess.Result cancel = CliProcess.run(tmp, env, "cancel", "train");
        assertThat(cancel.exit()).as(cancel.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(cancel.err()).contains("disk full").doesNotContain("another skyrun", "\tat ");
    }

    /** Writes until the file system refuses: ENOSPC. */
    private static void fill(Path dir) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
    }

    /** Runs a command of this machine; its exit code and output. */
    private static Docker.Result run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Docker.Result(p.waitFor(), out);
        } catch (IOException e) {
            return new Docker.Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Docker.Result(-1, "interrupted");
        }
    }
}
