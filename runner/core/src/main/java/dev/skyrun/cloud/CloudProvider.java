package dev.skyrun.cloud;

import dev.skyrun.storage.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cloud plug-in's entry point, one per plug-in module, listed in
 * {@code META-INF/services/dev.skyrun.cloud.CloudProvider}.
 *
 * <p>Implementations must be cheap to construct and load no SDK class until {@link #open} or
 * {@link #store} is called: the CLI lists providers on every start.
 */
public interface CloudProvider {

    /** The cloud's name as specs write it: {@code aws}, {@code gcp}, {@code local}. Loads no SDK class. */
    String name();

    /**
     * Whether the opened cloud lists offerings of its own ({@link Cloud#ownOffers}: a Kubernetes
     * cluster's nodes) that planning asks for when the cloud is configured. Loads no SDK class. Default: no.
     */
    default boolean listsOwnOffers() {
        return false;
    }

    /** Opens the cloud: SDK clients are built here, on first use. */
    Cloud open(CloudSettings settings);

    /**
     * The object store this plug-in serves for a URI scheme ({@code s3}, {@code gs}, {@code az}),
     * if any. Its keys are {@code BUCKET/KEY}: {@code s3://b/x/y} is key {@code b/x/y}
     * ({@link dev.skyrun.storage.Stores} roots it at a URI for callers). Default: none.
     */
    default Optional<ObjectStore> store(String scheme, CloudSettings settings) {
        return Optional.empty();
    }

    /**
     * The bucket administration of the store this plug-in serves for a URI scheme, if any: what
     * creates and deletes the bucket of a named store. Same endpoint and credentials as {@link #store}.
     * Default: none (a named store of that kind is refused before anything runs).
     */
    default Optional<dev.skyrun.storage.Buckets> buckets(String scheme, CloudSettings settings) {
        return Optional.empty();
    }

    /**
     * How {@code rclone} reaches the store this plug-in serves for a URI scheme, so that a
     * {@code MOUNT} or {@code MOUNT_CACHED} file mount can be mounted on this machine: the same
     * endpoint and credentials as {@link #store}. Loads no SDK class. Default: none.
     */
    default Optional<dev.skyrun.storage.RcloneRemote> mountRemote(String scheme, CloudSettings settings) {
        return Optional.empty();
    }

    /**
     * Why this cloud's nodes, with these settings, do not mount {@code MOUNT} and {@code MOUNT_CACHED}
     * store URIs of {@code scheme} themselves (its VM bootstrap runs rclone with the node's identity);
     * empty when they do, so that a launch may place such mounts here. A refusal is exit 2 before any
     * node is provisioned, with this reason. Loads no SDK class. Default: the nodes mount no store.
     */
    default Optional<String> nodeMountRefusal(String scheme, CloudSettings settings) {
        return Optional.of(name() + "'s nodes mount no store");
    }

    /** The refusal of {@link #nodeMountRefusal} for a cloud whose nodes mount store URIs of {@code mounted} only. */
    static Optional<String> mountsOnly(String cloud, String mounted, String scheme) {
        return mounted.equals(scheme) ? Optional.empty() : Optional.of(cloud + "'s nodes mount " + mounted + ":// only");
    }

    /**
     * Whether this cloud's credentials are configured where its SDK looks first: environment
     * variables in {@code env}, files under the user's {@code home}. Loads no SDK class and
     * calls nothing; {@code skyrun check} is where credentials are tried for real. Default: no.
     */
    default boolean credentialsConfigured(Map<String, String> env, Path home) {
        return false;
    }

    /** Whether any of {@code variables} is set (not blank) in {@code env}, or any of {@code files} exists under {@code home}. */
    static boolean anyConfigured(Map<String, String> env, List<String> variables, Path home, List<String> files) {
        for (String v : variables) {
            String value = env.get(v);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return files.stream().anyMatch(f -> Files.isRegularFile(home.resolve(f)));
    }
}
