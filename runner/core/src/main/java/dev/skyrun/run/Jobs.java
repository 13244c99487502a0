package dev.skyrun.run;

import dev.skyrun.cloud.Placement;
import dev.skyrun.exec.JobEnv;
import dev.skyrun.exec.JobScript;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.TaskSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the {@link JobSpec} of one attempt from a task and the launch request. */
final class Jobs {

    /** Where checkpoints live inside the job unless the task's envs say otherwise. */
    static final String CHECKPOINT_DIR = dev.skyrun.spec.TaskSpec.CHECKPOINT_DIR;

    private Jobs() {}

    /** The image the task's job runs in on {@code placement} ({@link DefaultImage#on}). */
    static String image(TaskSpec task, Placement placement) {
        return DefaultImage.on(placement, task.containerImage(), System.getenv());
    }

    static JobSpec of(LaunchRequest req, String runId, String taskId, int attempt, Placement placement,
            List<JobSpec.Mount> mounts, Optional<String> workdir) {
        TaskSpec task = req.task();
        Map<String, String> env = env(req);
        env.keySet().forEach(JobScript::requireName);
        double gpus = placement.accelerator().map(a -> a.count()).orElse(0.0);
        String image = image(task, placement);
        String run = task.run().orElseThrow(() -> new InvalidInputException("task '" + task.name()
                + "' has nothing to run: add run:"));
        return new JobSpec(runId, taskId, attempt, image, task.setup(), run, env,
                List.copyOf(req.secrets().names()), mounts, placement.nodes(), gpus, placement.vcpus(),
                placement.memoryGib(), checkpointDir(req), workdir);
    }

    /** Where the job finds its checkpoints: {@code SKYRUN_CHECKPOINT_DIR} from the task's envs or an override, else {@link #CHECKPOINT_DIR}. */
    static String checkpointDir(LaunchRequest req) {
        return env(req).getOrDefault(JobEnv.CHECKPOINT_DIR, CHECKPOINT_DIR);
    }

    /** The task's envs with the launch's overrides on top. */
    private static Map<String, String> env(LaunchRequest req) {
        Map<String, String> env = new LinkedHashMap<>(req.task().envs());
        env.putAll(req.envOverrides());
        return env;
    }
}
