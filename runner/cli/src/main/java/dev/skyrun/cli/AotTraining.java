package dev.skyrun.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of the AOT caches built at package time on JDK 25+: runs the commands a
 * user starts with (help, version, validate of valid and broken specs, plan on the bundled
 * catalog and on a catalog directory, twice: from its CSV files, then from their index; text and JSON), so their classes are in the cache; then
 * writes {@code lib/skyrun.aot.jdk}, the JDK the caches belong to, which {@code bin/skyrun}
 * compares before using one. {@code lib/skyrun.aot} (the agents' and every other command's) adds
 * a launch, status, logs and down; {@code lib/skyrun-pure.aot} (argument {@code pure}: what
 * {@code validate}, {@code plan} and a bare {@code --help} start with when no agent runs) has
 * only the pure commands, so those do not load the engine's classes at start.
 *
 * <pre>{@code
 * java -XX:AOTCacheOutput=lib/skyrun.aot -cp lib/skyrun-cli.jar dev.skyrun.cli.AotTraining <repo root> [pure]
 * }</pre>
 */
public final class AotTraining {

    private AotTraining() {}

    /** {@code args[0]}: the repository root (holds examples/ and lib/); {@code args[1]} {@code pure}: no launch. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        boolean pure = args.length > 1 && args[1].equals("pure");
        Path broken = Files.createTempDirectory("skyrun-aot");
        try {
            Path catalog = catalogDir(broken.resolve("catalog"));
            Files.writeString(broken.resolve("typo.yaml"),
                    "name: t\nnum_node: 2\nresources:\n  acelerators: A100-80G:8\n  disk_tier: hihg\nrun: echo\n");
            Files.writeString(broken.resolve("semantic.yaml"),
                    "name: t\nresources: {accelerators: Z9000:1}\nfile_mounts: {/a/../b: s3://x}\nrun: echo\n");
            Files.writeString(broken.resolve("syntax.yaml"), "name: t\nrun: \"echo\n");
            String examples = root.resolve("examples").toString();
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            Prewarm.start("plan"); // as Main.main does: its thread's classes and lambdas in the cache too
            for (List<String> cmd : List.of(
                    List.of("--version"), List.of("--help"), List.of("validate", "--help"),
                    List.of("validate", root.resolve("examples/quickstart.yaml").toString()),
                    List.of("validate", examples, root.resolve("specs").toString()),
                    List.of("validate", "-o", "json", examples),
                    List.of("validate", broken.toString()),
                    List.of("validate", "-o", "json", broken.toString()),
                    List.of("plan", "--catalog", "bundled", root.resolve("examples/gpu-task.yaml").toString()),
                    List.of("plan", "--catalog", "bundled", "-o", "json", root.resolve("specs/federated.yaml").toString()),
                    List.of("plan", "--catalog", "bundled", broken.resolve("semantic.yaml").toString()),
                    List.of("plan", "--catalog", catalog.toString(), root.resolve("examples/gpu-task.yaml").toString()),
                    List.of("plan", "--catalog", catalog.toString(), "-o", "json", root.resolve("specs/federated.yaml").toString()),
                    // again: now from the catalog's pre-indexed offerings under the home's cache
                    List.of("plan", "--catalog", catalog.toString(), root.resolve("examples/gpu-task.yaml").toString()))) {
                Main.run(sink, sink, cmd.toArray(String[]::new));
            }
            if (!pure) {
                launches(root, sink);
            }
        } finally {
            removeAll(broken);
        }
        writeStamp(root.resolve("lib/skyrun.aot.jdk"));
    }

    /**
     * When the build gives the training a home of its own ({@code SKYRUN_HOME}, set by the
     * pom), a real launch of the quickstart on the local Docker engine, then status, logs and
     * down, so the state store, docker-java and the controller are in the cache too; then the
     * home is removed. Without Docker (or its busybox image) these fail fast and train less.
     */
    private static void launches(Path root, PrintStream sink) throws IOException {
        String home = System.getenv("SKYRUN_HOME");
        if (home == null || !Path.of(home).getFileName().toString().equals("aot-home")) {
            return;
        }
        String quickstart = root.resolve("examples/quickstart.yaml").toString();
        for (List<String> cmd : List.of(List.of("launch", quickstart), List.of("status"), List.of("logs", "quickstart"),
                List.of("status", "-o", "json", "quickstart"), List.of("down", "--all"))) {
            Main.run(sink, sink, cmd.toArray(String[]::new));
        }
        removeAll(Path.of(home));
    }

    /** A SkyPilot-layout catalog directory holding the bundled snapshot's gcp and aws files. */
    private static Path catalogDir(Path dir) throws IOException {
        for (String cloud : List.of("aws", "gcp")) {
            try (var in = AotTraining.class.getResourceAsStream("/dev/skyrun/catalog/bundled/" + cloud + "/vms.csv")) {
                if (in != null) {
                    Files.createDirectories(dir.resolve(cloud));
                    Files.write(dir.resolve(cloud).resolve("vms.csv"), in.readAllBytes());
                }
            }
        }
        return dir;
    }

    private static void removeAll(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The JDK's real home and its release version, as bin/skyrun computes them. */
    private static void writeStamp(Path stamp) throws IOException {
        Path home = Path.of(System.getProperty("java.home")).toRealPath();
        String version = Files.readAllLines(home.resolve("release")).stream()
                .filter(l -> l.startsWith("JAVA_VERSION=")).findFirst().orElse("");
        Files.writeString(stamp, home + "|" + version + "\n");
    }
}
