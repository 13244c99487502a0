package dev.skyrun.spec;

/**
 * Where a setting of skyrun's layered configuration came from; a later layer overrides an
 * earlier one: {@code USER < PROJECT < SPEC < ENVIRONMENT < COMMAND_LINE}.
 *
 * <p>The project file and the spec come from the repository (from pull requests), so they may
 * not set what sends credentials or files elsewhere ({@link #trusted()}): endpoints, keys and
 * local directories are for the user's file, the environment and the command line.
 */
public enum ConfigLayer {
    /** {@code $SKYRUN_HOME/config.yaml} ({@code ~/.skyrun/config.yaml}). */
    USER,
    /** The project's {@code .skyrun.yaml}: the nearest one from the working directory up to the git root. */
    PROJECT,
    /** The spec's {@code config:} (the keys skyrun knows; SkyPilot's others are left to it). */
    SPEC,
    /** {@code SKYRUN_CATALOG_DIR} and {@code SKYRUN_<CLOUD>_<KEY>}. */
    ENVIRONMENT,
    /** {@code --config KEY=VALUE}. */
    COMMAND_LINE;

    /** Whether this layer is the user's own (not the repository's): only these may set endpoints, keys and directories. */
    public boolean trusted() {
        return this != PROJECT && this != SPEC;
    }
}
