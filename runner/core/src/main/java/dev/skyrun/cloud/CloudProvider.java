package dev.skyrun.cloud;

import dev.skyrun.storage.ObjectStore;
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

    /** Opens the cloud: SDK clients are built here, on first use. */
    Cloud open(CloudSettings settings);

    /**
     * The object store this plug-in serves for a URI scheme ({@code s3}, {@code gs}, {@code az}),
     * if any. Its keys are {@code BUCKET/KEY}: {@code s3://b/x/y} is key {@code b/x/y}
     * ({@link dev.skyrun.storage.Stores} roots it at a URI for callers).
     */
    Optional<ObjectStore> store(String scheme, CloudSettings settings);
}
