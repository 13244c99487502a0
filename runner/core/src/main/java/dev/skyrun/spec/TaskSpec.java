package dev.skyrun.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One task: the work, the hardware it needs and where it may run.
 *
 * <p>A SkyPilot task YAML is a valid task spec unchanged; skyrun adds {@code image},
 * {@code outputs}, {@code metrics} and {@code gates}:
 *
 * <pre>{@code
 * name: textgen-lora
 * num_nodes: 1
 * resources:
 *   accelerators: {L4: 1, A10G: 1}
 *   use_spot: true
 * image: ghcr.io/acme/trainer:2.3
 * envs: {EPOCHS: "3"}
 * secrets: {HF_TOKEN: null}
 * run: python train.py
 * outputs:
 *   adapter: {path: /outputs/adapter, role: textgen}
 * metrics: /outputs/metrics.json
 * gates:
 *   - {name: quality, metric: eval_accuracy, min: 0.82}
 * }</pre>
 *
 * @param name task name, {@code ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$}, at most 63 characters
 * @param workdir local directory synced into the job's working directory
 * @param numNodes how many nodes run the job (at least 1)
 * @param resources the hardware and placement constraints
 * @param envs environment variables, in declaration order
 * @param secrets secret names; a present value is a default, an empty one is taken from the
 *     launching environment or {@code --secret}. Never written to logs, state, plans or manifests.
 * @param fileMounts mounts keyed by their absolute path inside the job
 * @param setup shell commands run once before {@code run}
 * @param run the job's shell commands
 * @param image the job's container image ({@code resources.image_id: docker:IMAGE} also sets it)
 * @param outputs artifacts the job leaves in its container, by name
 * @param metrics path of the JSON object of numbers the job writes
 * @param gates what the task's artifacts must pass before promotion
 */
public record TaskSpec(
        String name,
        Optional<String> workdir,
        int numNodes,
        Resources resources,
        Map<String, String> envs,
        Map<String, Optional<String>> secrets,
        Map<String, FileMount> fileMounts,
        Optional<String> setup,
        Optional<String> run,
        Optional<String> image,
        Map<String, OutputSpec> outputs,
        Optional<String> metrics,
        List<GateSpec> gates)
        implements Spec {

    /**
     * Where a job's checkpoint directory is mounted ({@code SKYRUN_CHECKPOINT_DIR}); it survives
     * recoveries, so no mount or output may overlap it.
     */
    public static final String CHECKPOINT_DIR = "/skyrun/checkpoints";

    /** The job's working directory ({@code workdir} is synced here); relative mount destinations are under it. */
    public static final String WORKDIR = "/skyrun/workdir";

    /**
     * The longest run name {@code launch} accepts; a task spec's run is named after its task
     * (unless {@code --name}), so {@code validate} holds a task's name to it too.
     */
    public static final int MAX_RUN_NAME = 40;

    public TaskSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workdir, "workdir");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(metrics, "metrics");
        if (numNodes < 1) {
            throw new IllegalArgumentException("num_nodes must be at least 1, got " + numNodes);
        }
        envs = Ordered.copyOf(envs);
        secrets = Ordered.copyOf(secrets);
        fileMounts = Ordered.copyOf(fileMounts);
        outputs = Ordered.copyOf(outputs);
        gates = List.copyOf(gates);
    }

    /**
     * The container image the job runs in: {@code image:}, else {@code resources.image_id}
     * with its {@code docker:} prefix removed.
     */
    public Optional<String> containerImage() {
        return image.or(resources::containerImage);
    }
}
