package dev.skyrun.pipeline;

import dev.skyrun.manifest.ArtifactEntry;
import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.OutputSpec;
import dev.skyrun.spec.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a stage's task into the task the controller runs: its outputs directory becomes a COPY
 * mount of the run's store under the stage name, {@code stage://STAGE/OUTPUT} mounts become the
 * store URIs of those outputs, and the image is pinned to a digest.
 *
 * <p>A stage's outputs and metrics file must share one directory below {@code /} (e.g.
 * {@code /outputs}): that directory is what lands in the store.
 */
public final class StageTasks {

    /** The scheme of mounts that name an earlier stage's output. */
    public static final String STAGE_SCHEME = "stage://";

    private StageTasks() {}

    /** The directory inside the job holding every output and the metrics file, e.g. {@code /outputs}. */
    public static Optional<String> outputsRoot(TaskSpec task) {
        List<String> paths = new ArrayList<>();
        task.outputs().values().forEach(o -> paths.add(o.path()));
        task.metrics().ifPresent(paths::add);
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        String root = parent(paths.get(0));
        for (String p : paths) {
            while (!p.startsWith(root + "/") && !root.isEmpty()) {
                root = parent(root);
            }
        }
        if (root.isEmpty()) {
            throw new InvalidInputException("stage " + task.name() + ": outputs and metrics must share one directory"
                    + " below / (e.g. /outputs/model and /outputs/metrics.json), got " + paths);
        }
        return Optional.of(root);
    }

    /** A path relative to the outputs root: {@code /outputs/adapter} in {@code /outputs} is {@code adapter}. */
    public static String relative(String root, String path) {
        return path.substring(root.length() + 1);
    }

    /**
     * The task to run for a stage.
     *
     * @param task the stage's task as written
     * @param stageStoreUri where its outputs land ({@code RUN_STORE/STAGE})
     * @param upstream outcomes of the stages it needs
     * @param image the image reference to run (pinned by digest)
     */
    public static TaskSpec forRun(TaskSpec task, String stageStoreUri, Map<String, StageOutcome> upstream, String image) {
        Map<String, FileMount> mounts = new LinkedHashMap<>();
        for (FileMount m : task.fileMounts().values()) {
            Optional<String> source = m.source();
            if (source.isPresent() && source.get().startsWith(STAGE_SCHEME)) {
                mounts.put(m.target(), FileMount.copy(m.target(), resolve(task, source.get(), upstream)));
            } else {
                mounts.put(m.target(), m);
            }
        }
        outputsRoot(task).ifPresent(root -> mounts.put(root, FileMount.copy(root, stageStoreUri)));
        return new TaskSpec(task.name(), task.workdir(), task.numNodes(), task.resources(), task.envs(), task.secrets(),
                mounts, task.setup(), task.run(), Optional.of(image), task.outputs(), task.metrics(), task.gates());
    }

    private static String resolve(TaskSpec task, String source, Map<String, StageOutcome> upstream) {
        String ref = source.substring(STAGE_SCHEME.length());
        int slash = ref.indexOf('/');
        String stage = slash < 0 ? ref : ref.substring(0, slash);
        StageOutcome o = upstream.get(stage);
        if (o == null) {
            throw new InvalidInputException("stage " + task.name() + " mounts " + source + " but does not need "
                    + stage + "; add it to needs:");
        }
        String output = slash < 0 ? "" : ref.substring(slash + 1);
        return o.artifacts().stream().filter(a -> a.id().equals(stage + "/" + output)).map(ArtifactEntry::uri)
                .findFirst().orElseThrow(() -> new InvalidInputException("stage " + task.name() + " mounts " + source
                        + " but stage " + stage + " has no output '" + output + "'; its outputs: "
                        + o.artifacts().stream().map(ArtifactEntry::id).toList()));
    }

    /** The declared outputs of a task, in order. */
    public static List<OutputSpec> outputs(TaskSpec task) {
        return List.copyOf(task.outputs().values());
    }

    private static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "" : path.substring(0, i);
    }
}
