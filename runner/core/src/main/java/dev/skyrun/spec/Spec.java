package dev.skyrun.spec;

/**
 * A loaded spec: either one task or a pipeline of stages.
 *
 * <p>A SkyPilot task YAML loads as a {@link TaskSpec}; {@code kind: pipeline} and SkyPilot's
 * multi-document chains load as a {@link PipelineSpec}.
 */
public sealed interface Spec permits TaskSpec, PipelineSpec {

    /** The spec's name: the {@code name:} field, or the file's stem when it has none. */
    String name();
}
