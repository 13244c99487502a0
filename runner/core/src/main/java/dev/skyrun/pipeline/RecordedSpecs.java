package dev.skyrun.pipeline;

import dev.skyrun.manifest.SecretRedactor;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.Stage;
import dev.skyrun.spec.TaskSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Spec text recorded in a manifest, made runnable again: redacted secret defaults become "take from the environment". */
public final class RecordedSpecs {

    private static final String REDACTED = SecretRedactor.REDACTED.substring(1, SecretRedactor.REDACTED.length() - 1);

    private RecordedSpecs() {}

    /** The pipeline with every {@code <redacted>} secret default dropped (the value comes from --secret or the environment). */
    public static PipelineSpec unredact(PipelineSpec p) {
        return new PipelineSpec(p.name(), p.stages().stream().map(s -> new Stage(s.name(), unredact(s.task()), s.needs(),
                s.path())).toList(), p.release(), p.slos());
    }

    private static TaskSpec unredact(TaskSpec t) {
        Map<String, Optional<String>> secrets = new LinkedHashMap<>();
        t.secrets().forEach((k, v) -> secrets.put(k, v.filter(x -> !x.equals(REDACTED))));
        return new TaskSpec(t.name(), t.workdir(), t.numNodes(), t.resources(), t.envs(), secrets, t.fileMounts(),
                t.setup(), t.run(), t.image(), t.outputs(), t.metrics(), t.gates());
    }
}
