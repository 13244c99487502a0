package dev.skyrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of shared/DESIGN.md §4, read from the sources' import lines (and fully
 * qualified names in code): a core package uses only the packages above it in the table, and no
 * cloud SDK or docker-java is imported outside the module that owns it.
 */
class ArchitectureTest {
    private static final Path CORE = Path.of("src/main/java/dev/skyrun");
    private static final Path RUNNER = Path.of("..");

    /**
     * DESIGN.md §4's table, top to bottom; {@code gate} before {@code manifest} (one row, the
     * manifest records gate results); {@code release} (history, retention, rollback targets) over
     * the manifests; {@code pipeline} last: it runs stages through the
     * {@code run} controller and fuses their manifests.
     */
    private static final List<String> LAYERS = List.of(
            "schema", "catalog", "spec", "exec", "storage", "plan", "cloud", "state", "recovery", "gate", "manifest",
            "release", "run", "pipeline");

    /** Each SDK's package prefix and the only module that may import it. */
    private static final Map<String, String> SDK_HOMES = Map.of(
            "software.amazon.", "aws",
            "com.google.cloud.", "gcp",
            "com.azure.", "azure",
            "com.github.dockerjava.", "local");

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;");
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])dev\\.skyrun\\.([a-z]+)\\.[A-Z]");

    @Test
    void everyCorePackageIsInTheTable() throws IOException {
        try (Stream<Path> dirs = Files.list(CORE)) {
            List<String> packages = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(LAYERS).as("add new core packages to DESIGN.md §4 and to LAYERS").containsAll(packages);
        }
    }

    @Test
    void aCorePackageUsesOnlyPackagesAboveIt() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles(CORE)) {
            String own = CORE.relativize(file).getName(0).toString();
            for (String used : corePackagesUsed(file)) {
                if (!used.equals(own) && LAYERS.indexOf(used) >= LAYERS.indexOf(own)) {
                    violations.add(file + ": package " + own + " uses " + used + " (below it in DESIGN.md §4)");
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void noCloudSdkOrDockerJavaOutsideItsModule() throws IOException {
        List<String> violations = new ArrayList<>();
        List<Path> mains;
        try (Stream<Path> modules = Files.list(RUNNER)) {
            mains = modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList();
        }
        assertThat(mains).as("runner/*/src/main").hasSizeGreaterThan(3);
        for (Path main : mains) {
            String module = main.getParent().getParent().getFileName().toString();
            for (Path file : javaFiles(main)) {
                for (String imported : imports(file)) {
                    SDK_HOMES.forEach((prefix, home) -> {
                        if (imported.startsWith(prefix) && !module.equals(home)) {
                            violations.add(file + " imports " + imported + " (only runner/" + home + " may)");
                        }
                    });
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static List<String> imports(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = IMPORT.matcher(line.strip());
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The core packages a file names in its imports or, fully qualified, in code (comments skipped). */
    private static TreeSet<String> corePackagesUsed(Path file) throws IOException {
        TreeSet<String> used = new TreeSet<>();
        boolean inComment = false;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (inComment || line.startsWith("/*")) {
                inComment = !line.contains("*/");
                continue;
            }
            int lineComment = line.indexOf("//");
            Matcher m = QUALIFIED.matcher(lineComment < 0 ? line : line.substring(0, lineComment));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        return used;
    }
}
