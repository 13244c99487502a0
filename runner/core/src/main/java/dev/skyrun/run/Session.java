package dev.skyrun.run;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * What a command that acts on runs opens: skyrun's state database (and through it its home) and
 * the cloud plug-ins. Closing it closes the state, and the clouds when it owns them.
 *
 * <pre>{@code
 * try (Session s = Session.open(System.getenv())) {
 *     RunRecord run = s.actions().find("train-lora");
 * }
 * }</pre>
 *
 * @param state the state database
 * @param clouds the cloud plug-ins
 * @param ownsClouds whether closing the session closes the clouds (not the agent's, shared by
 *     all its launches)
 */
public record Session(StateStore state, CloudRegistry clouds, boolean ownsClouds) implements AutoCloseable {

    /**
     * Opens the home {@code env} names ({@code SKYRUN_HOME}, else {@code ~/.skyrun}), the state
     * database ({@code SKYRUN_STATE}'s PostgreSQL database, else the home's SQLite file) and the
     * clouds it configures.
     */
    public static Session open(Map<String, String> env) throws IOException {
        return new Session(StateStore.open(SkyrunHome.fromEnvironment(env), env), CloudRegistry.load(env), true);
    }

    /**
     * Opens the home for a command that only looks ({@code status}, {@code logs}, {@code releases}):
     * its state database read-only, so it works on a full disk and can change nothing.
     */
    public static Session openReadOnly(Map<String, String> env) throws IOException {
        return new Session(StateStore.openReadOnly(SkyrunHome.fromEnvironment(env), env), CloudRegistry.load(env), true);
    }

    /**
     * Opens the session on a background thread: for a command with other work meanwhile (launch
     * loads its spec). {@code early} gets the cloud plug-ins as soon as they are listed, before the
     * state database opens (launch starts connecting to the local engine there). Take the session
     * with {@link #await}.
     *
     * @param shared the clouds to use, kept open after the session (the agent's, opened once for
     *     all its launches), or empty for clouds of the session's own
     */
    public static FutureTask<Session> openAsync(Map<String, String> env, Optional<CloudRegistry> shared,
            Consumer<CloudRegistry> early) {
        FutureTask<Session> task = new FutureTask<>(() -> {
            CloudRegistry clouds = shared.orElseGet(() -> CloudRegistry.load(env));
            try {
                early.accept(clouds);
                return new Session(StateStore.open(SkyrunHome.fromEnvironment(env), env), clouds, shared.isEmpty());
            } catch (IOException | RuntimeException e) {
                if (shared.isEmpty()) {
                    clouds.close();
                }
                throw e;
            }
        });
        Thread t = new Thread(task, "skyrun-open-session");
        t.setDaemon(true);
        t.start();
        return task;
    }

    /** The session {@link #openAsync} opened, or what stopped it from opening. */
    public static Session await(FutureTask<Session> opening) throws IOException, InterruptedException {
        try {
            return opening.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Closes the session {@link #openAsync} opens, once it is open (for a command that failed meanwhile). */
    public static void discard(FutureTask<Session> opening) {
        try {
            await(opening).close();
        } catch (IOException | RuntimeException e) {
            // it did not open: nothing to close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What can be done to a recorded run: find, logs, exec, cancel, down. */
    public RunActions actions() {
        return new RunActions(state, clouds);
    }

    @Override
    public void close() {
        if (ownsClouds) {
            clouds.close();
        }
        state.close();
    }
}
