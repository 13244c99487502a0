package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.CreatedBuckets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which mounts are named stores, what their mounts read once bound, and which created buckets a teardown deletes. */
class NamedStoresTest {

    private static LaunchRequest task(FileMount... mounts) {
        Resources r = new Resources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of(), List.of(), Optional.empty());
        Map<String, FileMount> byTarget = new LinkedHashMap<>();
        for (FileMount m : mounts) {
            byTarget.put(m.target(), m);
        }
        return LaunchRequest.of(new TaskSpec("t", Optional.empty(), 1, r, Map.of(), Map.of(), byTarget,
                Optional.empty(), Optional.of("true"), Optional.of("img:1"), Map.of(), Optional.empty(), List.of()));
    }

    private static FileMount named(String target, List<String> source, String name, String store, boolean persistent) {
        return new FileMount(target, source, Optional.of(name), Optional.of(store), FileMount.MountMode.MOUNT, persistent);
    }

    @Test
    void aNamedStoreIsFilledFromItsSourceAndItsMountReadsTheBucketInItsMode() {
        LaunchRequest req = task(named("/data", List.of("./data"), "acme-data", "s3", false),
                named("/ckpt", List.of(), "acme-ckpt", "gcs", true), named("/blob", List.of("s3://other/x"), "acme-blob",
                "azure", true), FileMount.copy("/plain", "s3://plain/p"));

        assertThat(NamedStores.of(req.task())).containsExactly(
                new NamedStores.Named("/data", new dev.skyrun.storage.StoreUri("s3", "acme-data", ""), Optional.of("./data"),
                        false),
                new NamedStores.Named("/ckpt", new dev.skyrun.storage.StoreUri("gs", "acme-ckpt", ""), Optional.empty(), true),
                new NamedStores.Named("/blob", new dev.skyrun.storage.StoreUri("az", "acme-blob", ""),
                        Optional.of("s3://other/x"), true));
        Map<String, FileMount> bound = NamedStores.bound(req).task().fileMounts();
        assertThat(bound.get("/data").sources()).containsExactly("s3://acme-data");
        assertThat(bound.get("/data").mode()).isEqualTo(FileMount.MountMode.MOUNT);
        assertThat(bound.get("/ckpt").sources()).containsExactly("gs://acme-ckpt");
        assertThat(bound.get("/blob").sources()).containsExactly("az://acme-blob");
        assertThat(bound.get("/plain")).isEqualTo(req.task().fileMounts().get("/plain"));
        assertThat(NamedStores.bound(NamedStores.bound(req))).as("binding twice changes nothing")
                .isEqualTo(NamedStores.bound(req));
        assertThat(NamedStores.of(NamedStores.bound(req).task())).as("a bound mount (a run recorded so) is no fill of its"
                + " own bucket").isEqualTo(NamedStores.of(req.task()).stream().map(n -> new NamedStores.Named(n.target(),
                n.bucket(), Optional.empty(), n.persistent())).toList());
    }

    @Test
    void aNamedStoreWithoutAStoreKindIsRefused() {
        FileMount noStore = new FileMount("/data", List.of(), Optional.of("acme-data"), Optional.empty(),
                FileMount.MountMode.MOUNT, true);
        assertThatThrownBy(() -> NamedStores.of(task(noStore).task())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("named store 'acme-data' has no store: kind; give store: s3, gcs or azure");
    }

    @Test
    void onlyCreatedBucketsThatAreNotPersistentAndNotDeletedYetAreDeleted() {
        CreatedBuckets.Row temporary = new CreatedBuckets.Row("r", "s3", "tmp", false, Optional.empty(), Optional.empty());
        CreatedBuckets.Row failedBefore = new CreatedBuckets.Row("r", "s3", "retry", false, Optional.empty(),
                Optional.of("AccessDenied"));
        CreatedBuckets.Row kept = new CreatedBuckets.Row("r", "gs", "keep", true, Optional.empty(), Optional.empty());
        CreatedBuckets.Row gone = new CreatedBuckets.Row("r", "az", "gone", false, Optional.of(Instant.EPOCH),
                Optional.empty());

        assertThat(NamedStores.toDelete(List.of(temporary, failedBefore, kept, gone))).containsExactly(temporary, failedBefore);
    }
}
