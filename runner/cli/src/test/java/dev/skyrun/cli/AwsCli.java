package dev.skyrun.cli;

import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.aws.fake.VmPlayer;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What a CLI child process needs to run on the loopback AWS fake and S3Mock: its environment, a catalog, played VMs. */
final class AwsCli {

    private AwsCli() {}

    /** The environment pointing the aws plug-in at the fakes; a teardown waits {@code terminateTimeoutS} at most. */
    static Map<String, String> env(AwsFake aws, int s3Port, int terminateTimeoutS) {
        return new HashMap<>(Map.of("SKYRUN_AWS_ENDPOINT", aws.uri().toString(),
                "SKYRUN_AWS_S3_ENDPOINT", "http://127.0.0.1:" + s3Port, "SKYRUN_AWS_REGION", AwsFake.REGION,
                "SKYRUN_AWS_BUCKET", "skyrun-state", "SKYRUN_AWS_ACCESS_KEY_ID", "AKIDTEST", "SKYRUN_AWS_SECRET_ACCESS_KEY", "x",
                "SKYRUN_AWS_POLL_MS", "100", "SKYRUN_AWS_RETRY_BASE_MS", "1",
                "SKYRUN_AWS_TERMINATE_TIMEOUT_S", Integer.toString(terminateTimeoutS)));
    }

    /** A catalog directory under {@code dir} whose aws/vms.csv holds {@code rows} (after the header). */
    static Path catalog(Path dir, String rows) throws IOException {
        Path catalog = dir.resolve("catalogs");
        Files.createDirectories(catalog.resolve("aws"));
        Files.writeString(catalog.resolve("aws/vms.csv"), "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region\n"
                + rows);
        return catalog;
    }

    /** Plays the instances: each one whose job script is uploaded reports a heartbeat, {@code log} and exit 0. */
    static Thread playVms(AwsFake aws, int s3Port, String log) {
        ObjectStore s3 = CloudRegistry.load(Map.of()).provider("aws").orElseThrow().store("s3", new CloudSettings("aws",
                Optional.empty(), Map.of("s3_endpoint", "http://127.0.0.1:" + s3Port, "access_key_id", "a",
                        "secret_access_key", "b"))).orElseThrow();
        return VmPlayer.start(aws, s3, VmPlayer.succeeding(s3, log));
    }
}
