import com.adobe.testing.s3mock.S3MockApplication;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Time to first byte of a job over a dataset in S3 (S3Mock on 127.0.0.1): the same job (read one
 * byte of one object, print the machine's uptime) launched on local Docker with the dataset as a
 * MOUNT and as a COPY, interleaved, ROUNDS times each, after one untimed launch of each (as a
 * user's day goes, {@code bin/skyrun} hands each launch to the running skyrun agent; the warm-up
 * starts it). Time to first byte is from just before {@code bin/skyrun launch} starts to the
 * uptime the job printed after reading its byte; both modes are measured the same way.
 * Usage (through bench/mount.sh): java -cp LIB:S3MOCK MountBench.java ROOT WORKDIR IMAGE [GIB] [ROUNDS]
 */
@SuppressWarnings("removal")
public class MountBench {

    static final String BUCKET = "bench-data";
    static final int SHARD_MIB = 64;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path work = Path.of(args[1]);
        String image = args[2];
        int gib = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        S3MockApplication s3 = S3MockApplication.start(new java.util.HashMap<>(Map.of(S3MockApplication.PROP_HTTP_PORT,
                S3MockApplication.RANDOM_PORT, S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET, S3MockApplication.PROP_SILENT,
                true, S3MockApplication.PROP_ROOT_DIRECTORY, work.resolve("s3").toString())));
        String endpoint = "http://127.0.0.1:" + s3.getHttpPort();
        try {
            int shards = gib * 1024 / SHARD_MIB;
            upload(endpoint, work, shards);
            System.out.printf("dataset: %d objects of %d MiB (%d GiB) in s3://%s/train%n", shards, SHARD_MIB, gib, BUCKET);
            launch(root, work, endpoint, image, "MOUNT", 0);
            launch(root, work, endpoint, image, "COPY", 0);
            List<Double> mount = new ArrayList<>();
            List<Double> copy = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                mount.add(launch(root, work, endpoint, image, "MOUNT", r));
                copy.add(launch(root, work, endpoint, image, "COPY", r));
                System.out.printf("round %d: MOUNT %.2f s   COPY %.2f s%n", r, mount.get(r - 1), copy.get(r - 1));
            }
            double m = median(mount);
            double c = median(copy);
            System.out.printf("time to first byte, median of %d: MOUNT %.2f s, COPY %.2f s; MOUNT starts the job %.1fx sooner%n",
                    rounds, m, c, c / m);
        } finally {
            ProcessBuilder stop = new ProcessBuilder(root.resolve("bin/skyrun").toString(), "agent", "stop").inheritIO();
            stop.environment().putAll(env(work, endpoint));
            stop.start().waitFor();
            s3.stop();
        }
    }

    static void upload(String endpoint, Path work, int shards) throws IOException {
        ObjectStore store = CloudRegistry.load(Map.of()).provider("aws").orElseThrow().store("s3", settings(endpoint))
                .orElseThrow();
        byte[] block = new byte[SHARD_MIB << 20];
        new Random(7).nextBytes(block);
        Path file = Files.write(work.resolve("shard.bin"), block);
        for (int i = 0; i < shards; i++) {
            store.put(BUCKET + "/train/shard-" + String.format("%03d", i) + ".bin", file);
        }
        Files.delete(file);
    }

    static CloudSettings settings(String endpoint) {
        return new CloudSettings("aws", Optional.empty(), Map.of("s3_endpoint", endpoint, "access_key_id", "bench",
                "secret_access_key", "bench"));
    }

    /** One launch; returns its time to first byte in seconds. */
    static double launch(Path root, Path work, String endpoint, String image, String mode, int round) throws Exception {
        String name = "bench-" + mode.toLowerCase() + "-" + round;
        Path spec = Files.writeString(work.resolve(name + ".yaml"), """
                name: %s
                resources: {cloud: local}
                image: %s
                file_mounts:
                  /data:
                    source: s3://%s/train
                    mode: %s
                run: |
                  head -c 1 /data/shard-000.bin > /dev/null
                  echo "first-byte-at $(cut -d' ' -f1 /proc/uptime)"
                """.formatted(name, image, BUCKET, mode));
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/skyrun").toString(), "launch", spec.toString(), "--down")
                .redirectErrorStream(true);
        pb.environment().putAll(env(work, endpoint));
        double start = uptime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || !out.contains("first-byte-at ")) {
            throw new IllegalStateException(mode + " launch failed:\n" + out);
        }
        String at = out.substring(out.indexOf("first-byte-at ") + 14).split("\\s")[0];
        return Double.parseDouble(at) - start;
    }

    /** The launches' environment: one context, so one agent serves them all. */
    static Map<String, String> env(Path work, String endpoint) {
        return Map.of("SKYRUN_HOME", work.resolve("home").toString(), "SKYRUN_AWS_S3_ENDPOINT", endpoint,
                "SKYRUN_AWS_REGION", "us-east-1", "SKYRUN_AWS_ACCESS_KEY_ID", "bench", "SKYRUN_AWS_SECRET_ACCESS_KEY", "bench");
    }

    static double uptime() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
