package dev.skyrun.cli;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.run.RunActions;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import java.io.IOException;
import java.util.Map;

/** What a run command opens: skyrun's home and state database, and the cloud plug-ins. */
final class Session implements AutoCloseable {

    final SkyrunHome home;
    final StateStore state;
    final CloudRegistry clouds;

    private Session(SkyrunHome home, StateStore state, CloudRegistry clouds) {
        this.home = home;
        this.state = state;
        this.clouds = clouds;
    }

    /** Opens the home named by the environment ({@code SKYRUN_HOME}, else {@code ~/.skyrun}). */
    static Session open() throws IOException {
        Map<String, String> env = System.getenv();
        SkyrunHome home = SkyrunHome.fromEnvironment(env);
        return new Session(home, StateStore.open(home), CloudRegistry.load(env));
    }

    RunActions actions() {
        return new RunActions(state, clouds);
    }

    @Override
    public void close() {
        clouds.close();
        state.close();
    }
}
