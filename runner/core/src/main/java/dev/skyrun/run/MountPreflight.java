package dev.skyrun.run;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.FileMount;
import dev.skyrun.storage.FuseMount;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreUri;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What a launch with {@code MOUNT}/{@code MOUNT_CACHED} file mounts checks before any node is
 * provisioned: each bucket it mounts exists (a listing of nothing in it answers), and a
 * placement on this machine (local Docker) has FUSE and rclone (either failing is exit 3 with the
 * fix); a named store without a source, which needs a bucket skyrun does not create yet, and a
 * mount on a cloud whose nodes do not mount that store ({@link dev.skyrun.cloud.CloudProvider#nodesMount})
 * are exit 2.
 */
final class MountPreflight {

    private MountPreflight() {}

    static void check(LaunchRequest req, List<Placement> plan, CloudRegistry clouds, Map<String, String> env) {
        namedStores(req);
        List<FileMount> mounted = req.task().fileMounts().values().stream()
                .filter(m -> m.mode() != FileMount.MountMode.COPY)
                .filter(m -> m.source().filter(s -> s.matches("(s3|gs|az)://.*")).isPresent()).toList();
        if (mounted.isEmpty()) {
            return;
        }
        for (String cloud : plan.stream().map(Placement::cloud).filter(c -> !c.equals("local")).distinct().toList()) {
            for (FileMount m : mounted) {
                String scheme = StoreUri.parse(m.source().orElseThrow()).scheme();
                if (!clouds.provider(cloud).map(p -> p.nodesMount(scheme)).orElse(false)) {
                    throw new InvalidInputException("file mount " + m.target() + ": mode " + m.mode() + " of " + scheme
                            + ":// is not mounted by the nodes of " + cloud + ", where the plan may place the task; use mode:"
                            + " COPY there, mount " + cloud + "'s own store, or pin resources.cloud");
                }
            }
        }
        if (plan.stream().anyMatch(p -> p.cloud().equals("local"))) {
            FuseMount.unsupported(env).ifPresent(why -> {
                throw new CloudException("file mount " + mounted.get(0).target() + " (mode " + mounted.get(0).mode()
                        + ") needs FUSE on this machine: " + why);
            });
        }
        for (FileMount m : mounted) {
            bucketExists(m, StoreUri.parse(m.source().orElseThrow()), clouds);
        }
    }

    /** A named store without a source would need a bucket created for the run, which skyrun does not do yet. */
    private static void namedStores(LaunchRequest req) {
        for (FileMount m : req.task().fileMounts().values()) {
            if (m.sources().isEmpty() && m.name().isPresent()) {
                throw new InvalidInputException("file mount " + m.target() + ": named store '" + m.name().get() + "'"
                        + m.store().map(s -> " (store " + s + ")").orElse("") + " has no source, and skyrun does not create"
                        + " buckets yet: create it and give source: s3://" + m.name().get() + " (or gs://, az://)");
            }
        }
    }

    private static void bucketExists(FileMount m, StoreUri uri, CloudRegistry clouds) {
        ObjectStore store = clouds.pluginStore(uri.scheme(), uri).orElseThrow(() -> new CloudException("file mount "
                + m.target() + ": no plug-in serves " + uri.scheme() + ":// stores; add the cloud's module"));
        try {
            store.list(uri.bucket() + "/" + (uri.prefix().isEmpty() ? "" : uri.prefix() + "/") + ".skyrun-probe/");
        } catch (IOException | RuntimeException e) {
            throw new CloudException("file mount " + m.target() + ": cannot read bucket " + uri.bucket() + " (" + e.getMessage()
                    + "); create the bucket, give name: and store: so that skyrun creates it for the run, or check the"
                    + " credentials with skyrun check", e);
        }
    }
}
