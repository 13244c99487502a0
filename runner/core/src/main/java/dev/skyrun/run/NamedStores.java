package dev.skyrun.run;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.CrashPoints;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.Leftover;
import dev.skyrun.cloud.TeardownReport;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.CreatedBuckets;
import dev.skyrun.state.StateStore;
import dev.skyrun.storage.Buckets;
import dev.skyrun.storage.LinkRefusedException;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreCopy;
import dev.skyrun.storage.StoreUri;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's named stores ({@code /data: {name: acme-data, store: s3, source: ./data, persistent: false}}):
 * the bucket {@code name} of kind {@code store} is created for the run when it does not exist (with the
 * run's labels, recorded in state as created by this run) and reused as it is when it does; {@code source}
 * (a local directory, or another store) fills it before the job starts; the mount then reads the bucket in
 * its mode like a URI mount. Only a bucket this run created, and not {@code persistent}, is ever deleted:
 * at the run's end (when its nodes go down) and by {@code skyrun down}, which retries a failed deletion.
 */
final class NamedStores {

    /**
     * One named store of a task.
     *
     * @param target the mount's target
     * @param bucket the bucket's URI ({@code s3://acme-data})
     * @param fill what fills it before the job starts: a local path or a store URI
     * @param persistent whether a bucket created for the run outlives it
     */
    record Named(String target, StoreUri bucket, Optional<String> fill, boolean persistent) {}

    private NamedStores() {}

    /** The named stores of a task (file mounts with {@code name:}); their store kind must be given. */
    static List<Named> of(TaskSpec task) {
        List<Named> out = new ArrayList<>();
        for (FileMount m : task.fileMounts().values()) {
            if (m.name().isEmpty()) {
                continue;
            }
            String scheme = StorePlugins.kind(m).filter(k -> m.store().isPresent()).orElseThrow(() ->
                    new InvalidInputException("file mount " + m.target() + ": named store '" + m.name().get() + "' has no"
                    + " store: kind; give store: s3, gcs or azure"));
            StoreUri bucket = new StoreUri(scheme, m.name().get(), "");
            // A mount already bound reads its own bucket, which is no fill of itself (rows written before 6532752 hold it so).
            out.add(new Named(m.target(), bucket, m.source().filter(s -> !s.equals(bucket.toString())), m.persistent()));
        }
        return out;
    }

    /**
     * The request whose named stores' mounts read their bucket ({@code s3://acme-data}) in their mode, as a
     * URI mount does; what fills the bucket is {@link #of} the original request's.
     */
    static LaunchRequest bound(LaunchRequest req) {
        List<Named> named = of(req.task());
        if (named.isEmpty()) {
            return req;
        }
        TaskSpec t = req.task();
        Map<String, FileMount> mounts = new LinkedHashMap<>(t.fileMounts());
        for (Named n : named) {
            mounts.computeIfPresent(n.target(), (k, m) -> new FileMount(m.target(), List.of(n.bucket().toString()), m.name(),
                    m.store(), m.mode(), m.persistent()));
        }
        return req.withTask(new TaskSpec(t.name(), t.workdir(), t.numNodes(), t.resources(), t.envs(), t.secrets(), mounts,
                t.setup(), t.run(), t.image(), t.outputs(), t.metrics(), t.gates()));
    }

    /**
     * Before any node: creates each missing bucket (labelled, recorded as this run's), then fills each
     * bucket from its source. An existing bucket is reused and never recorded (so never deleted). A resume
     * whose launch died before the first attempt calls it again: the fill, perhaps cut short, is done whole.
     *
     * @param hostPaths the request's host-path rules, which a local source must pass
     * @throws CloudException when a bucket cannot be created or filled
     */
    static void prepare(String runId, List<Named> named, HostPaths hostPaths, StateStore state, CloudRegistry clouds,
            Events events) {
        Labels labels = Labels.run(runId).with(Labels.HOME, state.home().id());
        for (Named n : named) {
            String bucket = n.bucket().bucket();
            try {
                Buckets admin = clouds.requireBuckets(n.bucket().scheme(), "file mount " + n.target());
                if (!admin.bucketExists(bucket)) {
                    admin.createBucket(bucket, labels.values());
                    CrashPoints.hit(CrashPoints.BUCKET_CREATED);
                    state.buckets().created(runId, n.bucket().scheme(), bucket, n.persistent());
                    events.emit(EventKind.STAGED_IN, Optional.empty(), "file mount " + n.target() + ": created bucket "
                            + n.bucket() + " labelled " + labels.values() + (n.persistent() ? "; persistent, kept after the"
                            + " run" : "; deleted when the run is taken down"));
                } else if (createdBy(runId, n, state)) {
                    events.emit(EventKind.STAGED_IN, Optional.empty(), "file mount " + n.target() + ": bucket " + n.bucket()
                            + " was created by this run before its launch died; used as it is");
                } else if (labelledFor(runId, admin, bucket)) {
                    state.buckets().created(runId, n.bucket().scheme(), bucket, n.persistent());
                    events.emit(EventKind.STAGED_IN, Optional.empty(), "file mount " + n.target() + ": bucket " + n.bucket()
                            + " carries this run's label: its launch created it and died before recording it; recorded as"
                            + " the run's now");
                } else {
                    events.emit(EventKind.STAGED_IN, Optional.empty(), "file mount " + n.target() + ": bucket " + n.bucket()
                            + " exists; reused as it is (skyrun never deletes a bucket it did not create)");
                }
                if (n.fill().isPresent()) {
                    int files = fill(n, hostPaths, state, clouds);
                    events.emit(EventKind.STAGED_IN, Optional.empty(), "file mount " + n.target() + ": filled " + n.bucket()
                            + " from " + n.fill().get() + " (" + files + " file(s))");
                }
            } catch (LinkRefusedException e) {
                throw new InvalidInputException("file mount " + n.target() + ": source " + n.fill().orElse("") + ": "
                        + e.getMessage());
            } catch (IOException e) {
                throw new CloudException("file mount " + n.target() + ": bucket " + n.bucket() + ": " + e.getMessage()
                        + "; check the credentials with skyrun check", e);
            }
        }
    }

    /**
     * Records as the run's the buckets of its named stores that carry its {@code skyrun-run} label but have no
     * state row: its launch created them and died before recording them. Best effort, before a teardown's
     * {@link #release}: a bucket whose labels cannot be read is left as it is (it may well be another's).
     */
    static void recordUnrecorded(String runId, String launchJson, StateStore state, CloudRegistry clouds) {
        List<Named> named;
        try {
            named = of(Json.launch(launchJson).task());
        } catch (RuntimeException e) {
            return; // a row that holds no launch request has no named store
        }
        for (Named n : named) {
            try {
                Buckets admin = clouds.requireBuckets(n.bucket().scheme(), "file mount " + n.target());
                if (!createdBy(runId, n, state) && labelledFor(runId, admin, n.bucket().bucket())) {
                    state.buckets().created(runId, n.bucket().scheme(), n.bucket().bucket(), n.persistent());
                }
            } catch (RuntimeException e) {
                // no plug-in administers the store here: nothing of it is taken as the run's
            }
        }
    }

    /**
     * Whether the bucket carries the run's label (run ids are unique: only this run's launch wrote it). Labels
     * that cannot be read (a user's bucket whose tags the credentials may not read) say no: the bucket is
     * then reused as anyone's, never taken as the run's.
     */
    private static boolean labelledFor(String runId, Buckets admin, String bucket) {
        try {
            return runId.equals(admin.bucketLabels(bucket).get(Labels.RUN));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean createdBy(String runId, Named n, StateStore state) {
        return state.buckets().of(runId).stream().anyMatch(r -> r.store().equals(n.bucket().scheme())
                && r.bucket().equals(n.bucket().bucket()));
    }

    /** Copies a named store's source into its bucket: a local directory uploaded, or another store copied over. */
    private static int fill(Named n, HostPaths hostPaths, StateStore state, CloudRegistry clouds) throws IOException {
        String from = n.fill().orElseThrow();
        ObjectStore into = clouds.store(n.bucket());
        if (!StoreUri.isStoreUri(from)) {
            Path dir = hostPaths.source(from, "file mount " + n.target());
            // The bucket is the user's: jobs that mount it write to it and a persistent one outlives the run, so no digest list.
            return StoreCopy.uploadWithoutDigestList(dir, into).size();
        }
        StoreUri source = StoreUri.parse(from);
        hostPaths.store(source, state.home(), "file mount " + n.target());
        ObjectStore src = clouds.store(source);
        List<String> keys = src.list("");
        for (String key : keys) {
            Path tmp = Files.createTempFile("skyrun-fill-", ".tmp");
            try (InputStream in = src.open(key)) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                into.put(key, tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return keys.size();
    }

    /**
     * Deletes the buckets this run created that are not persistent and not deleted yet (emptied, then
     * deleted); a failure is recorded on the bucket's row and left for the next {@code skyrun down}.
     */
    static TeardownReport release(String runId, StateStore state, CloudRegistry clouds) {
        List<Leftover> left = new ArrayList<>();
        List<CloudResource> removed = new ArrayList<>();
        for (CreatedBuckets.Row row : toDelete(state.buckets().of(runId))) {
            String uri = row.store() + "://" + row.bucket();
            try {
                clouds.requireBuckets(row.store(), "cannot delete it").deleteBucket(row.bucket());
                state.buckets().deleted(runId, row.store(), row.bucket());
                removed.add(new CloudResource(row.store(), "bucket", row.bucket(), Map.of()));
            } catch (IOException | RuntimeException e) {
                state.buckets().failed(runId, row.store(), row.bucket(), String.valueOf(e.getMessage()));
                left.add(new Leftover(row.store(), "bucket " + uri, String.valueOf(e.getMessage()), false));
            }
        }
        return new TeardownReport(removed, left);
    }

    /** What a run's teardown deletes: the buckets it created, not persistent, not deleted yet. */
    static List<CreatedBuckets.Row> toDelete(List<CreatedBuckets.Row> created) {
        return created.stream().filter(r -> !r.persistent() && r.deletedAt().isEmpty()).toList();
    }
}
