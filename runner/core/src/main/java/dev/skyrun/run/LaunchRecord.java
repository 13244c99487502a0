package dev.skyrun.run;

import dev.skyrun.cloud.Secrets;
import dev.skyrun.spec.TaskSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a resume needs of the original launch, as stored in the run's row: the task with its
 * secret defaults removed, and the launch options. Holds no secret value; a resume resolves
 * secrets again from its own environment and {@code --secret}.
 *
 * @param task the task, secrets reduced to their names; named stores as the spec gave them, with their
 *     {@code source} (a resume binds them to their buckets, and fills them again when no attempt began)
 * @param specPath the spec file, if any
 * @param envOverrides {@code --env}
 * @param cloud {@code --cloud}
 * @param name {@code --name}
 * @param down {@code --down}
 * @param retryUntilUp {@code --retry-until-up}
 * @param hostPaths {@code --allow-host-path} (absent in rows written before it existed)
 */
record LaunchRecord(TaskSpec task, Optional<String> specPath, Map<String, String> envOverrides, Optional<String> cloud,
        Optional<String> name, boolean down, boolean retryUntilUp, List<String> hostPaths) {

    LaunchRecord {
        hostPaths = hostPaths == null ? List.of() : List.copyOf(hostPaths);
    }

    static LaunchRecord of(LaunchRequest req) {
        TaskSpec t = req.task();
        Map<String, Optional<String>> names = new LinkedHashMap<>();
        t.secrets().keySet().forEach(k -> names.put(k, Optional.empty()));
        req.secrets().names().forEach(k -> names.put(k, Optional.empty()));
        TaskSpec stripped = new TaskSpec(t.name(), t.workdir(), t.numNodes(), t.resources(), t.envs(), names,
                t.fileMounts(), t.setup(), t.run(), t.image(), t.outputs(), t.metrics(), t.gates());
        return new LaunchRecord(stripped, req.specPath().map(p -> p.toAbsolutePath().toString()), req.envOverrides(),
                req.cloud(), req.name(), req.down(), req.retryUntilUp(),
                req.hostPaths().stream().map(p -> p.toAbsolutePath().toString()).toList());
    }

    /** The request a resume continues, with freshly resolved secrets. */
    LaunchRequest request(Secrets secrets) {
        return new LaunchRequest(task, specPath.map(Path::of), envOverrides, secrets, cloud, name, false, down,
                retryUntilUp, hostPaths.stream().map(Path::of).toList());
    }
}
