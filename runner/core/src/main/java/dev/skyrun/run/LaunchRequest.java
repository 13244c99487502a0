package dev.skyrun.run;

import dev.skyrun.cloud.Secrets;
import dev.skyrun.spec.TaskSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code skyrun launch} asks of the controller.
 *
 * @param task the task
 * @param specPath the file it came from, if any (relative paths in it resolve against its directory)
 * @param envOverrides {@code --env K=V}, over the task's envs
 * @param secrets the secret values, resolved from {@code --secret} and the environment
 * @param cloud {@code --cloud}, over the task's cloud
 * @param name {@code --name}, over the task's name
 * @param detach return once the job started ({@code -d})
 * @param down remove the cluster when the run ends ({@code --down})
 */
public record LaunchRequest(TaskSpec task, Optional<Path> specPath, Map<String, String> envOverrides, Secrets secrets,
        Optional<String> cloud, Optional<String> name, boolean detach, boolean down) {

    public LaunchRequest {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(specPath, "specPath");
        envOverrides = Map.copyOf(envOverrides);
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(name, "name");
    }

    /** A request to run a task as written, attached, with no secrets. */
    public static LaunchRequest of(TaskSpec task) {
        return new LaunchRequest(task, Optional.empty(), Map.of(), Secrets.none(), Optional.empty(), Optional.empty(),
                false, false);
    }

    /** The run's name: {@code --name} or the task's. */
    public String runName() {
        return name.orElse(task.name());
    }

    /** The directory relative paths of the spec resolve against. */
    public Path baseDir() {
        return specPath.map(p -> p.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
    }
}
