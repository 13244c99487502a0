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
import java.util.Optional;

/**
 * What a launch with {@code MOUNT}/{@code MOUNT_CACHED} file mounts checks before any node is
 * provisioned: each bucket it mounts by URI exists (a listing of nothing in it answers), and a
 * placement on this machine (local Docker) has FUSE and rclone (either failing is exit 3 with the
 * fix); a mount on a cloud whose nodes do not mount that store
 * ({@link dev.skyrun.cloud.CloudProvider#nodeMountRefusal}, with its reason) is exit 2. A named store ({@link NamedStores},
 * whose bucket the launch creates when missing) needs a bucket name every store takes (exit 2) and a
 * plug-in that creates its buckets (exit 3).
 *
 * <p>It checks the request {@link NamedStores#bound}: a named store's mount reads its bucket.
 */
final class MountPreflight {

    private MountPreflight() {}

    static void check(LaunchRequest req, List<Placement> plan, CloudRegistry clouds, Map<String, String> env) {
        namedStores(req, clouds);
        List<FileMount> mounted = req.task().fileMounts().values().stream()
                .filter(m -> m.mode() != FileMount.MountMode.COPY)
                .filter(m -> m.source().filter(s -> s.matches("(s3|gs|az)://.*")).isPresent()).toList();
        if (mounted.isEmpty()) {
            return;
        }
        for (String cloud : plan.stream().map(Placement::cloud).filter(c -> !c.equals("local")).distinct().toList()) {
            for (FileMount m : mounted) {
                String scheme = StoreUri.parse(m.source().orElseThrow()).scheme();
                Optional<String> refusal = clouds.provider(cloud).map(p -> p.nodeMountRefusal(scheme, clouds.settings(cloud)))
                        .orElse(Optional.of("no plug-in of " + cloud + " is installed"));
                if (refusal.isPresent()) {
                    throw new InvalidInputException("file mount " + m.target() + ": mode " + m.mode() + " of " + scheme
                            + ":// is not mounted by the nodes of " + cloud + ", where the plan may place the task: "
                            + refusal.get() + "; use mode: COPY there, or pin resources.cloud to a cloud whose nodes mount it");
                }
            }
        }
        if (plan.stream().anyMatch(p -> p.cloud().equals("local"))) {
            FuseMount.unsupported(env).ifPresent(why -> {
                throw new CloudException("file mount " + mounted.get(0).target() + " (mode " + mounted.get(0).mode()
                        + ") needs FUSE on this machine: " + why);
            });
        }
        for (FileMount m : mounted.stream().filter(m -> m.name().isEmpty()).toList()) {
            bucketExists(m, StoreUri.parse(m.source().orElseThrow()), clouds);
        }
    }

    /** A bucket name every store takes: lower-case letters, digits and '-' (S3, GCS and Azure's common rules). */
    private static final java.util.regex.Pattern BUCKET_NAME = java.util.regex.Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]");

    /** A named store (its mount reads its bucket once bound) has a bucket name every store takes, and a plug-in that creates it. */
    private static void namedStores(LaunchRequest req, CloudRegistry clouds) {
        for (FileMount m : req.task().fileMounts().values()) {
            if (m.name().isEmpty()) {
                continue;
            }
            String name = m.name().get();
            if (!BUCKET_NAME.matcher(name).matches()) {
                throw new InvalidInputException("file mount " + m.target() + ": named store '" + name + "' is not a bucket"
                        + " name skyrun creates: 3-63 lower-case letters, digits and single '-', starting and ending with a"
                        + " letter or digit; e.g. '" + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                        .replaceAll("^-|-$", "") + "'");
            }
            String scheme = StorePlugins.kind(m).orElse("");
            if (scheme.equals("file")) {
                throw new InvalidInputException("file mount " + m.target() + ": named store '" + name + "' of store: local"
                        + " is no bucket skyrun creates; use store: s3, gcs or azure, or mount a local path with source:");
            }
            if (clouds.buckets(scheme).isEmpty()) {
                throw new CloudException("file mount " + m.target() + ": no plug-in creates " + scheme + ":// buckets for"
                        + " named store '" + name + "' here; add the cloud's module, or mount an existing bucket by URI");
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
