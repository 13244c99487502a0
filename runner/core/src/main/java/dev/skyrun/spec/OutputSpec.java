package dev.skyrun.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * An artifact a job leaves in its container, collected after the run and digested.
 *
 * <pre>{@code
 * outputs:
 *   adapter: {path: /outputs/adapter, role: textgen}
 * }</pre>
 *
 * @param name the output's name, unique within the task
 * @param path absolute path inside the job (a file or a directory)
 * @param role what the artifact is for in a release ({@code textgen}, {@code embed}, {@code runtime}, ...)
 */
public record OutputSpec(String name, String path, Optional<String> role) {
    public OutputSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
    }
}
