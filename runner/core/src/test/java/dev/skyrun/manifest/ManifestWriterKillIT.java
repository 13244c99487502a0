package dev.skyrun.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 a process writing manifests, 20 times: no manifest name ever holds a partial file. */
class ManifestWriterKillIT {

    @TempDir
    Path dir;

    @Test
    void killNineDuringWritesNeverLeavesAPartialManifest() throws Exception {
        Random random = new Random(42);
        int complete = 0;
        for (int round = 0; round < 20; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"),
                    CrashingWriterMain.class.getName(), dir.toString(), "r" + round)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            assertThat(out.readLine()).isEqualTo("started");
            Thread.sleep(50 + random.nextInt(700));
            child.destroyForcibly(); // SIGKILL on Unix
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(137);
            complete += checkEveryManifestIsComplete();
        }
        assertThat(complete).as("some writes finished before the kills").isPositive();
        ManifestWriter.writeOnce(dir.resolve("after.json"), "{}\n".getBytes());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    private int checkEveryManifestIsComplete() throws Exception {
        List<Path> manifests;
        try (Stream<Path> files = Files.list(dir)) {
            manifests = files.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
        for (Path p : manifests) {
            String name = p.getFileName().toString();
            int n = Integer.parseInt(name.substring(name.indexOf('-') + 1, name.length() - ".json".length()));
            assertThat(Files.readAllBytes(p)).as(name).isEqualTo(CrashingWriterMain.bytes(n));
        }
        return manifests.size();
    }
}
