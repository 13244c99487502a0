package dev.skyrun.run;

import dev.skyrun.cloud.Secrets;
import dev.skyrun.spec.DnsName;
import dev.skyrun.spec.TaskSpec;
import java.nio.file.Path;
import java.util.List;
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
 * @param retryUntilUp {@code --retry-until-up}: when every placement of the plan is blocked
 *     (capacity errors, or preempted with nothing else left), wait (jittered exponential backoff,
 *     1 s doubling to 60 s) and plan again from the top, until the job runs or the run is
 *     cancelled, instead of ending INFRA_FAILED (exit 3)
 * @param hostPaths {@code --allow-host-path}: host directories (or files) besides the spec's
 *     directory that local file mounts and the workdir may read; only the command line sets
 *     them, never a spec
 */
public record LaunchRequest(TaskSpec task, Optional<Path> specPath, Map<String, String> envOverrides, Secrets secrets,
        Optional<String> cloud, Optional<String> name, boolean detach, boolean down, boolean retryUntilUp,
        List<Path> hostPaths) {

    public LaunchRequest {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(specPath, "specPath");
        envOverrides = Map.copyOf(envOverrides);
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(name, "name");
        hostPaths = List.copyOf(hostPaths);
    }

    /** A request no {@code --allow-host-path} widens. */
    public LaunchRequest(TaskSpec task, Optional<Path> specPath, Map<String, String> envOverrides, Secrets secrets,
            Optional<String> cloud, Optional<String> name, boolean detach, boolean down, boolean retryUntilUp) {
        this(task, specPath, envOverrides, secrets, cloud, name, detach, down, retryUntilUp, List.of());
    }

    /** A request without {@code --retry-until-up}. */
    public LaunchRequest(TaskSpec task, Optional<Path> specPath, Map<String, String> envOverrides, Secrets secrets,
            Optional<String> cloud, Optional<String> name, boolean detach, boolean down) {
        this(task, specPath, envOverrides, secrets, cloud, name, detach, down, false);
    }

    /** A request to run a task as written, attached, with no secrets. */
    public static LaunchRequest of(TaskSpec task) {
        return new LaunchRequest(task, Optional.empty(), Map.of(), Secrets.none(), Optional.empty(), Optional.empty(),
                false, false);
    }

    /** This request with {@code --retry-until-up} set as given. */
    public LaunchRequest withRetryUntilUp(boolean retry) {
        return new LaunchRequest(task, specPath, envOverrides, secrets, cloud, name, detach, down, retry, hostPaths);
    }

    /** This request running {@code other} instead of its task. */
    public LaunchRequest withTask(TaskSpec other) {
        return new LaunchRequest(other, specPath, envOverrides, secrets, cloud, name, detach, down, retryUntilUp, hostPaths);
    }

    /** This request with {@code --allow-host-path} set as given. */
    public LaunchRequest withHostPaths(List<Path> paths) {
        return new LaunchRequest(task, specPath, envOverrides, secrets, cloud, name, detach, down, retryUntilUp, paths);
    }

    /** The run's name: {@code --name}, or the DNS-safe name derived from the task's ({@code Train_LM} runs as {@code train-lm}). */
    public String runName() {
        return name.orElse(DnsName.of(task.name()));
    }

    /** The directory relative paths of the spec resolve against. */
    public Path baseDir() {
        return specPath.map(p -> p.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
    }
}
