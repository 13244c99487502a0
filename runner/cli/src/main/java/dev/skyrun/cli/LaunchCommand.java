package dev.skyrun.cli;

import dev.skyrun.pipeline.PipelineLauncher;
import dev.skyrun.pipeline.PipelineRuns;
import dev.skyrun.run.LaunchPlanner;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.PlanInputs;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.run.SecretValues;
import dev.skyrun.run.Session;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.LaunchRefusals;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skyrun launch FILE}: plans, provisions, runs and follows a task or pipeline spec. */
@Command(
        name = "launch",
        description = {"Plan, provision and run a spec, streaming the job's output.",
            "A task or a pipeline; exits with the job's status. Ctrl-C stops what the launch started and exits 130."
                    + " With -d the run goes on in the background (a detached controller follows and recovers it):"
                    + " follow it with skyrun logs/status."},
        footer = {"  skyrun launch examples/quickstart.yaml",
            "  skyrun launch train.yaml -d --name train-lora --env EPOCHS=3",
            "  HF_TOKEN=... skyrun launch train.yaml          # secrets: come from the environment",
            "  skyrun launch train.yaml --secret HF_TOKEN=hf_x --cloud local",
            "  skyrun launch train.yaml --lock-timeout 600     # wait for a running launch of the same name",
            "  skyrun launch specs/federated.yaml            # a pipeline: stages, gates, manifest",
            "  skyrun launch --resume train-lora             # continue after a crash (also: skyrun resume)",
            "", "Exit codes: 0 ok, 1 the job failed (or was cancelled; a pipeline release was rejected),",
            "2 bad input, 3 infrastructure (no capacity, credentials, the name is held by another run), 130 Ctrl-C."})
final class LaunchCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The task or pipeline spec (YAML).")
    Path file;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue RUN after its controller died.")
    String resume;

    @Option(names = {"-d", "--detach"}, description = "Return once the job started; print the run id.")
    boolean detach;

    @Option(names = "--cloud", paramLabel = "CLOUD", description = "Run on this cloud (e.g. local), over the spec's.")
    String cloud;

    @Option(names = {"-e", "--env"}, paramLabel = "K[=V]", description = "An env var for the job, over the spec's envs.")
    List<String> envs;

    @Mixin
    LaunchOptions launching;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The run's name, over the spec's.")
    String name;

    @Option(names = "--retry-until-up", description = "When no placement has capacity, wait (jittered backoff) and plan again, in the same run.")
    boolean retryUntilUp;

    @Option(names = "--down", description = "Remove the nodes when the run ends (the default; see --keep).")
    boolean down;

    @Option(names = "--allow-host-path", paramLabel = "PATH", description = "Let local file mounts and the workdir read"
            + " PATH (a host directory or file) besides the spec's own directory; repeatable. Never taken from a spec.")
    List<Path> hostPaths;

    @Option(names = "--keep", description = "Keep the nodes (stopped containers) when the run ends; by default they are"
            + " removed once the job's output and outputs are kept.")
    boolean keep;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "When another launch holds the run's name, wait up to SECONDS for it to end (default 0: refuse at once).")
    long lockTimeout;

    @Override
    public Integer call() throws Exception {
        if (resume != null) {
            if (file != null) {
                throw new InvalidInputException("give a FILE or --resume RUN, not both");
            }
            return ResumeCommand.resume(output, launching, resume);
        }
        if (file == null) {
            throw new InvalidInputException("name the spec to launch (skyrun launch FILE) or a run to resume"
                    + " (skyrun launch --resume RUN)");
        }
        // State and the local engine open on other threads while the spec loads (a second core, if free).
        FutureTask<Session> opening = Session.openAsync(output.context().env(), output.context().sharedClouds(),
                clouds -> PlanInputs.warmLocal(clouds, output.context().env(), Optional.ofNullable(cloud)));
        dev.skyrun.spec.Spec loaded;
        Map<String, String> given;
        try {
            List<dev.skyrun.spec.YamlDocument> docs = dev.skyrun.spec.SafeYaml.read(file, file.toString());
            loaded = SpecLoader.load(file, docs, KeyValues.parse("--env", envs, output.context().env()),
                    launching.catalog.places());
            List<dev.skyrun.schema.Problem> refused = LaunchRefusals.of(file, docs);
            if (!refused.isEmpty()) {
                throw new InvalidInputException(refused);
            }
            given = launching.givenSecrets();
        } catch (RuntimeException e) {
            Session.discard(opening);
            throw e;
        }
        try (Session s = Session.await(opening)) {
            LaunchPlanner planner = launching.planner(s, Optional.of(loaded), Location.of(file), Optional.ofNullable(cloud));
            if (loaded instanceof PipelineSpec p) {
                return pipeline(s, planner, p, given);
            }
            TaskSpec task = (TaskSpec) loaded;
            LaunchRequest req = new LaunchRequest(task, Optional.of(file), KeyValues.parse("--env", envs, output.context().env()),
                    SecretValues.resolve(task, given, output.context().env()), Optional.ofNullable(cloud),
                    Optional.ofNullable(name), detach, !keep).withRetryUntilUp(retryUntilUp)
                    .withHostPaths(hostPaths == null ? List.of() : hostPaths);
            if (keep && down) {
                throw new InvalidInputException("give --keep or --down, not both");
            }
            if (lockTimeout < 0) {
                throw new InvalidInputException("--lock-timeout must be 0 or more seconds, not " + lockTimeout);
            }
            TaskLaunch launch = new TaskLaunch(s, planner, output, output.context()).waitingForTheName(java.time.Duration.ofSeconds(lockTimeout));
            RunOutcome o = launch.launch(req);
            launch.report(o, detach);
            return TaskLaunch.exitCode(o);
        }
    }

    private int pipeline(Session s, LaunchPlanner planner, PipelineSpec p, Map<String, String> given) throws Exception {
        if (detach || name != null || envs != null || down || keep) {
            throw new InvalidInputException(file + " is a pipeline: -d, --name, --env, --down and --keep apply to tasks;"
                    + " set names and envs in its stages");
        }
        PipelineLaunch launch = new PipelineLaunch(s, planner, output, output.context().env());
        String text = Files.readString(file);
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        PipelineLauncher.Result r = TaskLaunch.interruptible(output.context().interrupts(), output.err(), () -> {
            interrupted.set(true);
            launch.interrupt();
        }, () -> { }, // a pipeline whose client vanished runs on to its manifest
                () -> launch.run(p, file, text, given, PipelineRuns.Recorded.NONE));
        PipelineResults.print(output, output.out(), r);
        return interrupted.get() ? ExitCode.INTERRUPTED : r.manifest().promoted() ? ExitCode.OK : ExitCode.RUN_FAILED;
    }
}
