package dev.skyrun.run;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.GitWorkdir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Clones a {@link GitWorkdir} (shallow, at its ref) into a directory of the run, once. */
final class GitClone {

    private GitClone() {}

    /** Clones {@code repo} into {@code dir} (which must not exist yet). */
    static void into(GitWorkdir repo, Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "protocol.ext.allow=never", "clone", "--quiet",
                "--depth", "1"));
        repo.ref().ifPresent(r -> command.addAll(List.of("--branch", r)));
        command.addAll(List.of("--", repo.url(), dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0"); // never wait on a password prompt
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new InvalidInputException("workdir: git could not clone " + repo.url() + repo.ref().map(r -> " at " + r)
                    .orElse("") + ": " + (out.length() > 300 ? out.substring(0, 300) : out));
        }
    }

    /**
     * The path on this machine that {@code url} names, for a repository git would read from the local
     * file system ({@code file://...}, or a plain path), so it can be held to the spec's host-path rule;
     * empty for a remote one ({@code https://}, {@code ssh://}, {@code git@host:path}).
     */
    static Optional<String> localPath(String url) {
        if (url.startsWith("file://")) {
            return Optional.of(url.substring("file://".length()));
        }
        if (url.contains("://")) {
            return Optional.empty();
        }
        int colon = url.indexOf(':');
        boolean scpLike = colon > 0 && url.lastIndexOf('/', colon) < 0;
        return scpLike ? Optional.empty() : Optional.of(url);
    }
}
