package dev.skyrun.run;

import dev.skyrun.spec.GitWorkdir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Clones a {@link GitWorkdir} (shallow, at its ref) into a directory of the run, once. */
final class GitClone {

    private GitClone() {}

    /** Clones {@code repo} into {@code dir} (which must not exist yet). */
    static void into(GitWorkdir repo, Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "clone", "--quiet", "--depth", "1"));
        repo.ref().ifPresent(r -> command.addAll(List.of("--branch", r)));
        command.addAll(List.of("--", repo.url(), dir.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalArgumentException("workdir: git could not clone " + repo.url() + repo.ref().map(r -> " at " + r)
                    .orElse("") + ": " + (out.length() > 300 ? out.substring(0, 300) : out));
        }
    }
}
