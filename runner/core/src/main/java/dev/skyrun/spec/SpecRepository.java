package dev.skyrun.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The repository a spec file belongs to: the nearest directory above it holding {@code .git},
 * else the spec's own directory. Specs come from pull requests, so a path a spec names (a
 * stage's task file, a gate's contract) must stay inside it, symbolic links resolved.
 *
 * <pre>{@code
 * SpecRepository.of(Path.of("specs/federated.yaml")).outside("../../etc/passwd")
 *     // Optional["leaves the spec's repository /work/repo"]
 * }</pre>
 *
 * @param root the repository's directory, absolute and with links resolved
 * @param specDir the spec file's directory, absolute and with links resolved
 */
public record SpecRepository(Path root, Path specDir) {

    /** The repository of {@code specFile}. */
    public static SpecRepository of(Path specFile) {
        Path dir = real(specFile.toAbsolutePath().normalize().getParent());
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return new SpecRepository(d, dir);
            }
        }
        return new SpecRepository(dir, dir);
    }

    /**
     * Why {@code relative} (a path relative to the spec's directory) is not allowed, or empty
     * when it stays inside the repository (a path that does not exist yet is judged by its text).
     */
    public Optional<String> outside(String relative) {
        if (relative.isEmpty() || Path.of(relative).isAbsolute()) {
            return Optional.of("is not a relative path");
        }
        Path target = real(specDir.resolve(relative).normalize());
        return target.startsWith(root) ? Optional.empty() : Optional.of("leaves the spec's repository " + root);
    }

    /** The path with links resolved as far as it exists. */
    private static Path real(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p;
        }
    }
}
