package dev.skyrun.cli;

/** The process exit codes every command uses. */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** The run (the user's job) failed. */
    public static final int RUN_FAILED = 1;
    /** {@code plan --diff} and {@code diff}: something changed (for CI conditions). */
    public static final int CHANGED = 1;
    /** A bug in skyrun (an unexpected exception): "internal error", the same code as {@link #RUN_FAILED}. */
    public static final int INTERNAL_ERROR = 1;
    /** Bad input or usage. */
    public static final int BAD_INPUT = 2;
    /** Infrastructure: no capacity anywhere, credentials, a cloud API error. */
    public static final int INFRASTRUCTURE = 3;
    /**
     * {@code watch}: an SLO was breached and the release was rolled back to the stable release
     * before it (with {@code --dry-run}: would have been).
     */
    public static final int BREACHED = 4;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}
