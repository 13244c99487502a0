package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.storage.LocalDirStore;
import dev.skyrun.storage.ObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a launch with MOUNT file mounts refuses before any node: clouds whose nodes do not mount
 * that store (and accepts where they do), named stores skyrun cannot create.
 */
class MountPreflightTest {

    private static LaunchRequest task(FileMount mount) {
        Resources r = new Resources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of(), List.of(), Optional.empty());
        return LaunchRequest.of(new TaskSpec("t", Optional.empty(), 1, r, Map.of(), Map.of(), Map.of(mount.target(), mount),
                Optional.empty(), Optional.of("true"), Optional.of("img:1"), Map.of(), Optional.empty(), List.of()));
    }

    private static Placement on(String cloud) {
        return new Placement(cloud, "r1", Optional.empty(), "m1", false, Optional.empty(), 2, 4, 0.1, 1, "test");
    }

    @Test
    void aMountOnACloudWhoseNodesDoNotMountIsRefusedWithTheFixBeforeAnyNode() {
        FileMount m = new FileMount("/data", List.of("s3://acme/train"), Optional.empty(), Optional.empty(),
                FileMount.MountMode.MOUNT, false);

        // No plug-in is on core's class path: no cloud here says its nodes mount.
        assertThatThrownBy(() -> MountPreflight.check(task(m), List.of(on("local"), on("lambda")), CloudRegistry.load(Map.of()),
                Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("file mount /data: mode MOUNT of s3:// is not mounted by the nodes of lambda")
                .hasMessageContaining("use mode: COPY there, or pin resources.cloud to a cloud whose nodes mount it");
    }

    @Test
    void aMountOfTheStoreACloudsNodesMountIsPlacedThereAndAnotherStoreIsStillRefused(@TempDir Path buckets) {
        // As the gcp plug-in says (GcpProviderTest): its VMs mount gs:// themselves.
        CloudProvider gcp = new CloudProvider() {
            @Override
            public String name() {
                return "gcp";
            }

            @Override
            public Cloud open(CloudSettings settings) {
                throw new UnsupportedOperationException("not opened by a preflight");
            }

            @Override
            public Optional<ObjectStore> store(String scheme, CloudSettings settings) {
                return "gs".equals(scheme) ? Optional.of(new LocalDirStore(buckets)) : Optional.empty();
            }

            @Override
            public Optional<String> nodeMountRefusal(String scheme, CloudSettings settings) {
                // As azure does for a Blob endpoint its VMs cannot reach: a refusal that depends on the settings.
                return settings.endpoint().map(e -> "its VMs do not reach the endpoint " + e)
                        .or(() -> CloudProvider.mountsOnly(name(), "gs", scheme));
            }
        };
        CloudRegistry clouds = CloudRegistry.of(List.of(gcp), Map.of());
        FileMount gs = new FileMount("/ckpt", List.of("gs://acme/ckpt"), Optional.empty(), Optional.empty(),
                FileMount.MountMode.MOUNT_CACHED, false);
        assertThatCode(() -> MountPreflight.check(task(gs), List.of(on("gcp")), clouds, Map.of())).doesNotThrowAnyException();

        FileMount s3 = new FileMount("/data", List.of("s3://acme/train"), Optional.empty(), Optional.empty(),
                FileMount.MountMode.MOUNT, false);
        assertThatThrownBy(() -> MountPreflight.check(task(s3), List.of(on("gcp")), clouds, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mode MOUNT of s3:// is not mounted by the nodes of gcp, where the plan may place the"
                        + " task: gcp's nodes mount gs:// only; use mode: COPY there");

        // The cloud's own settings (here SKYRUN_GCP_ENDPOINT) decide, before any node.
        CloudRegistry custom = CloudRegistry.of(List.of(gcp), Map.of("SKYRUN_GCP_ENDPOINT", "http://127.0.0.1:4443"));
        assertThatThrownBy(() -> MountPreflight.check(task(gs), List.of(on("gcp")), custom, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mode MOUNT_CACHED of gs:// is not mounted by the nodes of gcp, where the plan may place"
                        + " the task: its VMs do not reach the endpoint http://127.0.0.1:4443");
    }

    @Test
    void aNamedStoreNeedsABucketNameEveryStoreTakesAndAPlugInThatCreatesItAndACopyNeedsNoCheck() {
        FileMount badName = new FileMount("/cache", List.of(), Optional.of("Acme_Cache"), Optional.of("s3"),
                FileMount.MountMode.MOUNT_CACHED, true);
        assertThatThrownBy(() -> MountPreflight.check(task(badName), List.of(on("local")), CloudRegistry.load(Map.of()), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("named store 'Acme_Cache' is not a bucket name")
                .hasMessageContaining("e.g. 'acme-cache'");

        FileMount local = new FileMount("/cache", List.of(), Optional.of("acme-cache"), Optional.of("local"),
                FileMount.MountMode.COPY, true);
        assertThatThrownBy(() -> MountPreflight.check(task(local), List.of(on("local")), CloudRegistry.load(Map.of()), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("store: local is no bucket skyrun creates");

        // No plug-in is on core's class path: nothing here creates s3 buckets.
        FileMount named = new FileMount("/cache", List.of(), Optional.of("acme-cache"), Optional.of("s3"),
                FileMount.MountMode.MOUNT_CACHED, true);
        assertThatThrownBy(() -> MountPreflight.check(task(named), List.of(on("local")), CloudRegistry.load(Map.of()), Map.of()))
                .isInstanceOf(dev.skyrun.cloud.CloudException.class).hasMessageContaining("no plug-in creates s3:// buckets");

        FileMount copy = FileMount.copy("/data", "s3://acme/train");
        assertThatCode(() -> MountPreflight.check(task(copy), List.of(on("aws")), CloudRegistry.load(Map.of()), Map.of()))
                .doesNotThrowAnyException();
    }
}
