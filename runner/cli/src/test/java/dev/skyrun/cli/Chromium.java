package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless {@code chromium}, run on a file: the DOM it built, or a screenshot of it. */
final class Chromium {

    private Chromium() {}

    /** The DOM chromium built from {@code html} ({@code --dump-dom}). */
    static String dom(Path html) throws IOException, InterruptedException {
        return run(html, "--dump-dom");
    }

    /** A PNG screenshot of {@code html} at {@code width} x {@code height}, written to {@code png}. */
    static Path screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(html, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars");
        assertThat(png).as("chromium wrote the screenshot").exists();
        byte[] head = Files.readAllBytes(png);
        assertThat(head.length).isGreaterThan(10_000);
        assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        return png;
    }

    private static String run(Path html, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + html.resolveSibling("chromium-profile")));
        command.addAll(List.of(args));
        command.add(html.toUri().toString());
        Path out = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished (apt-get install chromium)").isTrue();
            assertThat(p.exitValue()).as("chromium's exit code").isZero();
            return Files.readString(out);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }
}
