package dev.skyrun.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A temporary git repository for tests: write files, commit them, run git in it. */
record GitRepo(Path dir) {

    static GitRepo init(Path dir) throws IOException, InterruptedException {
        GitRepo r = new GitRepo(Files.createDirectories(dir));
        r.git("init", "-q", "-b", "main");
        r.git("config", "user.email", "test@example.com");
        r.git("config", "user.name", "test");
        r.git("config", "commit.gpgsign", "false");
        return r;
    }

    /** Writes {@code text} to {@code path} (relative to the repository). */
    Path write(String path, String text) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /** Stages everything and commits it. */
    void commit(String message) throws IOException, InterruptedException {
        git("add", "-A");
        git("commit", "-q", "-m", message);
    }

    /** Runs git in the repository; fails the test when it fails. */
    String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
