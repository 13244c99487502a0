package dev.skyrun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The module and package rules of shared/DESIGN.md §4, checked over a source tree laid out as
 * {@code runner/} is ({@code MODULE/src/main/java/...}): each check returns its violations, one
 * line each naming the file and the rule. Read from import lines and fully qualified names in
 * code (comments skipped), so a rule holds however a file names a class.
 */
final class SourceRules {

    /**
     * DESIGN.md §4's table, top to bottom; {@code gate} before {@code manifest} (one row, the
     * manifest records gate results); {@code release} (history, retention, rollback targets) over
     * the manifests; {@code pipeline} last: it runs stages through the {@code run} controller and
     * fuses their manifests. {@code cloud} (the plug-in interface) comes before {@code plan}: the
     * optimizer makes the {@code Placement}s the interface provisions.
     */
    static final List<String> LAYERS = List.of(
            "schema", "catalog", "spec", "exec", "storage", "cloud", "plan", "state", "recovery", "gate", "manifest",
            "release", "review", "run", "pipeline");

    /** The core packages a plug-in module may use: the plug-in interface's side of core. */
    static final Set<String> PLUGIN_SPI = Set.of("cloud", "exec", "storage", "catalog", "spec", "schema");

    /** The modules that are not cloud plug-ins; every other module under runner/ is one. */
    static final Set<String> NOT_PLUGINS = Set.of("core", "cli", "testkit", "bench");

    /** Each SDK's package prefix and the only module that may import it. */
    static final Map<String, String> SDK_HOMES = Map.of(
            "software.amazon.", "aws",
            "com.google.cloud.", "gcp",
            "com.azure.", "azure",
            "io.fabric8.", "kubernetes",
            "org.apache.sshd.", "lambda",
            "com.github.dockerjava.", "local");

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.*]+)\\s*;");
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])dev\\.skyrun\\.([a-z]+)\\.(?:[A-Z]|\\*)");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;");
    private static final Pattern FULL = Pattern.compile("(?<![\\w.])(dev\\.skyrun(?:\\.[a-z]+)+)\\.(?:[A-Z]|\\*)");

    private final Path runner;

    /** The rules over the modules under {@code runner}. */
    SourceRules(Path runner) {
        this.runner = runner;
    }

    /** The packages of core's main sources. */
    List<String> corePackages() throws IOException {
        try (Stream<Path> dirs = Files.list(core())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Core files that use a core package below their own in {@link #LAYERS}. */
    List<String> layerViolations() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles(core())) {
            String own = core().relativize(file).getName(0).toString();
            for (String used : corePackagesUsed(file)) {
                if (!used.equals(own) && LAYERS.indexOf(used) >= LAYERS.indexOf(own)) {
                    violations.add(file + ": package " + own + " uses " + used + " (below it in DESIGN.md §4)");
                }
            }
        }
        return violations;
    }

    /** The modules held to the plug-in rule: every module with main sources but those in {@link #NOT_PLUGINS}. */
    List<String> pluginModules() throws IOException {
        return mains().stream().map(SourceRules::moduleOf).filter(m -> !NOT_PLUGINS.contains(m)).sorted().toList();
    }

    /** Plug-in main files that use a core package outside {@link #PLUGIN_SPI}. */
    List<String> pluginViolations() throws IOException {
        List<String> core = corePackages();
        List<String> violations = new ArrayList<>();
        for (Path main : mains()) {
            String module = moduleOf(main);
            if (NOT_PLUGINS.contains(module)) {
                continue;
            }
            for (Path file : javaFiles(main)) {
                for (String used : corePackagesUsed(file)) {
                    if (core.contains(used) && !PLUGIN_SPI.contains(used)) {
                        violations.add(file + ": plug-in module " + module + " uses core package " + used
                                + " (a plug-in may use only " + new TreeSet<>(PLUGIN_SPI) + ")");
                    }
                }
            }
        }
        return violations;
    }

    /** Main files that import a cloud SDK or docker-java outside the module that owns it. */
    List<String> sdkViolations() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path main : mains()) {
            String module = moduleOf(main);
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
        return violations;
    }

    /**
     * Cycles between packages of all main sources (a package uses another that, through others
     * perhaps, uses it back), one line each: {@code dev.skyrun.cli -> dev.skyrun.cli.agent -> dev.skyrun.cli}.
     */
    List<String> packageCycles() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path main : mains()) {
            for (Path file : javaFiles(main)) {
                List<String> lines = Files.readAllLines(file);
                String own = lines.stream().map(l -> PACKAGE.matcher(l.strip())).filter(Matcher::find)
                        .map(m -> m.group(1)).findFirst().orElse("");
                Set<String> used = uses.computeIfAbsent(own, k -> new TreeSet<>());
                for (String line : code(lines)) {
                    Matcher m = FULL.matcher(line);
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
                used.remove(own);
            }
        }
        Set<String> cycles = new TreeSet<>();
        for (String start : uses.keySet()) {
            cycleFrom(start, new ArrayList<>(List.of(start)), uses, cycles);
        }
        return List.copyOf(cycles);
    }

    /** Follows {@code path}'s last package's uses; a use of the path's first package closes a cycle. */
    private static void cycleFrom(String start, List<String> path, Map<String, Set<String>> uses, Set<String> cycles) {
        for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                if (start.equals(path.stream().min(String::compareTo).orElseThrow())) {
                    cycles.add(String.join(" -> ", cycle));
                }
            } else if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                cycleFrom(start, path, uses, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Every {@code MODULE/src/main} under runner/. */
    List<Path> mains() throws IOException {
        try (Stream<Path> modules = Files.list(runner)) {
            return modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).sorted().toList();
        }
    }

    private Path core() {
        return runner.resolve("core/src/main/java/dev/skyrun");
    }

    private static String moduleOf(Path main) {
        return main.getParent().getParent().getFileName().toString();
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

    /** The dev.skyrun packages (first name after it) a file names in its imports or, fully qualified, in code. */
    private static TreeSet<String> corePackagesUsed(Path file) throws IOException {
        TreeSet<String> used = new TreeSet<>();
        for (String line : code(Files.readAllLines(file))) {
            Matcher m = QUALIFIED.matcher(line);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        return used;
    }

    /** A file's lines without comments (block comments from a line starting one; line comments). */
    private static List<String> code(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean inComment = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (inComment || line.startsWith("/*")) {
                inComment = !line.contains("*/");
                continue;
            }
            int lineComment = line.indexOf("//");
            out.add(lineComment < 0 ? line : line.substring(0, lineComment));
        }
        return out;
    }
}
