package dev.skyrun.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's root directory from a test's working directory (a module under runner/). */
public final class ProjectDirs {

    private ProjectDirs() {}

    /** The directory holding {@code containers/build-images.sh} and {@code pom.xml}, walking up. */
    public static Path root() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("containers/build-images.sh")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no project root (containers/build-images.sh) above " + Path.of("").toAbsolutePath());
    }
}
