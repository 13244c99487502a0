package dev.skyrun.cli;

import dev.skyrun.run.DetachedController;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start skyrun's command line again in a new JVM like this one: this JVM's java, the
 * client's flags, the unpacked SQLite library {@code bin/skyrun} chose, the class path and
 * {@link Main}. A detached launch's background controller is started this way.
 */
final class SkyrunJvm {

    private SkyrunJvm() {}

    /** The command line, before skyrun's own arguments. */
    static List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED"));
        for (String p : List.of("org.sqlite.lib.path", "org.sqlite.lib.name")) { // bin/skyrun's unpacked sqlite library
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return cmd;
    }

    /** The background controller of a detached launch, started as this command line's {@code resume}. */
    static DetachedController detachedController() {
        return new DetachedController(command());
    }
}
