package dev.skyrun.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline: stages ordered by {@code needs}, and the release their artifacts fuse into.
 *
 * <pre>{@code
 * kind: pipeline
 * name: federated
 * stages:
 *   - name: textgen-lora
 *     task: stages/textgen-lora.yaml
 *   - name: distill
 *     needs: [textgen-lora, embedder]
 *     task: {run: ..., outputs: ...}
 * release: {name: federated, version: 1.4.0, publish: s3://acme-releases/federated, keep_stable: 3}
 * slo:
 *   - {name: p95-latency, prometheus: {url: http://prometheus:9090, query: 'max(p95_ms)'}, max: 250, failures: 3}
 * }</pre>
 *
 * <p>A SkyPilot multi-document chain loads as a pipeline whose stages each need the one before.
 *
 * @param name pipeline name
 * @param stages stages in declaration order
 * @param release the release block, if any
 * @param slos the SLOs {@code skyrun watch} holds the stable release to
 */
public record PipelineSpec(String name, List<Stage> stages, Optional<ReleaseSpec> release, List<SloSpec> slos)
        implements Spec {
    public PipelineSpec {
        Objects.requireNonNull(name, "name");
        stages = List.copyOf(stages);
        Objects.requireNonNull(release, "release");
        slos = List.copyOf(slos);
    }

    /** A pipeline without SLOs. */
    public PipelineSpec(String name, List<Stage> stages, Optional<ReleaseSpec> release) {
        this(name, stages, release, List.of());
    }
}
