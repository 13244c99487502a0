import dev.skyrun.manifest.ArtifactDigest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.ManifestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Figures for the release step: how fast artifacts are digested (file and sha256-tree-v1) and how
 * long a manifest takes to parse, re-serialise canonically and write once with fsync.
 * Run: bench/manifest-bench.sh (after ./mvnw -q package -DskipTests).
 */
public class ManifestBench {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("skyrun-bench");
        int files = 2000;
        int size = 64 * 1024;
        Random r = new Random(1);
        byte[] buf = new byte[size];
        Path tree = Files.createDirectories(dir.resolve("adapter"));
        for (int i = 0; i < files; i++) {
            r.nextBytes(buf);
            Path f = tree.resolve("shard-" + (i % 20) + "/part-" + i + ".bin");
            Files.createDirectories(f.getParent());
            Files.write(f, buf);
        }
        Path big = dir.resolve("weights.bin");
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 2048; i++) {
                r.nextBytes(buf);
                out.write(buf);
            }
        }
        double treeMb = files * (double) size / (1 << 20);
        double fileMb = Files.size(big) / (double) (1 << 20);
        for (int warm = 0; warm < 2; warm++) {
            ArtifactDigest.of(tree);
            ArtifactDigest.of(big);
        }
        long t0 = System.nanoTime();
        ArtifactDigest.of(tree);
        long t1 = System.nanoTime();
        ArtifactDigest.of(big);
        long t2 = System.nanoTime();
        System.out.printf("tree digest (sha256-tree-v1): %d files, %.0f MiB in %.0f ms = %.0f MiB/s%n", files, treeMb,
                (t1 - t0) / 1e6, treeMb / ((t1 - t0) / 1e9));
        System.out.printf("file digest (sha256):         %.0f MiB in %.0f ms = %.0f MiB/s%n", fileMb, (t2 - t1) / 1e6,
                fileMb / ((t2 - t1) / 1e9));
        if (args.length > 0) {
            byte[] manifest = Files.readAllBytes(Path.of(args[0]));
            int n = 200;
            long p0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ManifestJson.bytes(ManifestJson.parse(manifest));
            }
            long p1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ManifestWriter.writeOnce(dir.resolve("m-" + i + ".json"), manifest);
            }
            long p2 = System.nanoTime();
            System.out.printf("manifest parse + schema check + canonical bytes (%d B): %.2f ms each%n", manifest.length,
                    (p1 - p0) / 1e6 / n);
            System.out.printf("manifest write once (temp, fsync, link, fsync dir):  %.2f ms each%n", (p2 - p1) / 1e6 / n);
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
