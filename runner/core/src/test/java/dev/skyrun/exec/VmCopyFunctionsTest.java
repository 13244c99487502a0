package dev.skyrun.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap's {@code copy_out}, run by {@code sh} on this machine with a store that is a directory: on a VM the
 * heartbeat loop's checkpoint upload runs beside the final output copy (and the interruption watcher's), so two
 * copies at once must each upload exactly their own files.
 */
class VmCopyFunctionsTest {

    @Test
    void twoCopiesAtOnceEachUploadEveryFileOfTheirOwn(@TempDir Path tmp) throws Exception {
        for (String dir : new String[] {"ckpt", "out"}) {
            for (int i = 0; i < 150; i++) {
                Files.createDirectories(tmp.resolve(dir).resolve("d" + (i % 5)));
                Files.writeString(tmp.resolve(dir).resolve("d" + (i % 5)).resolve(dir + "-" + i + ".bin"), dir + i);
            }
        }
        Files.createDirectories(tmp.resolve("work"));
        String script = String.join("\n",
                "set -u",
                "WORK=" + tmp.resolve("work"),
                "STORE=" + tmp.resolve("store"),
                "say() { :; }",
                "store_put() { mkdir -p \"$STORE/$1/$(dirname \"$2\")\" && cp \"$3\" \"$STORE/$1/$2\"; }",
                String.join("\n", VmBootstrapParts.copyFunctions()),
                "( i=0; while [ $i -lt 8 ]; do copy_out " + tmp.resolve("ckpt") + " b ckpt /ckpt || echo ckpt >> "
                        + tmp.resolve("failed") + "; i=$((i + 1)); done ) &",
                "i=0; while [ $i -lt 8 ]; do copy_out " + tmp.resolve("out") + " b out /out || echo out >> "
                        + tmp.resolve("failed") + "; i=$((i + 1)); done",
                "wait",
                "");
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        assertThat(tmp.resolve("failed")).as(output).doesNotExist();
        assertThat(files(tmp.resolve("store/b/ckpt"))).hasSize(150).allMatch(f -> f.getFileName().toString().startsWith("ckpt-"));
        assertThat(files(tmp.resolve("store/b/out"))).hasSize(150).allMatch(f -> f.getFileName().toString().startsWith("out-"));
        try (Stream<Path> left = Files.list(tmp.resolve("work"))) {
            assertThat(left).as("no file list is left behind").isEmpty();
        }
    }

    private static java.util.List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
