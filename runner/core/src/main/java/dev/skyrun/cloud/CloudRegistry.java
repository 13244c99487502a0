package dev.skyrun.cloud;

import dev.skyrun.spec.SkyrunConfig;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreUri;
import dev.skyrun.storage.Stores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cloud plug-ins on the class path, found through {@link ServiceLoader}; opens a cloud on
 * first use and keeps it open until {@link #close()}.
 *
 * <p>Listing providers loads only their small entry classes, never an SDK: a plug-in's SDK
 * classes load when {@link #open} is first called for it.
 *
 * <pre>{@code
 * try (CloudRegistry clouds = CloudRegistry.load(System.getenv())) {
 *     Cloud local = clouds.open("local");
 * }
 * }</pre>
 */
public final class CloudRegistry implements AutoCloseable {

    private final Map<String, CloudProvider> providers;
    private final Map<String, String> environment;
    private final Map<String, Cloud> opened = new ConcurrentHashMap<>();

    private CloudRegistry(Map<String, CloudProvider> providers, Map<String, String> environment) {
        this.providers = providers;
        this.environment = Map.copyOf(environment);
    }

    /**
     * The providers listed in {@code META-INF/services} on the class path, with the settings of
     * {@link SkyrunConfig#forProcess}: the user's and the project's config files under
     * {@code environment}.
     *
     * @throws dev.skyrun.schema.InvalidInputException when a config file is invalid (FILE:LINE:COL)
     */
    public static CloudRegistry load(Map<String, String> environment) {
        Map<String, CloudProvider> found = new LinkedHashMap<>();
        for (CloudProvider p : ServiceLoader.load(CloudProvider.class, CloudRegistry.class.getClassLoader())) {
            found.putIfAbsent(p.name(), p);
        }
        return new CloudRegistry(found, SkyrunConfig.forProcess(environment).environment(environment));
    }

    /** A registry of exactly these providers (tests, embedding). */
    public static CloudRegistry of(List<CloudProvider> providers, Map<String, String> environment) {
        Map<String, CloudProvider> found = new LinkedHashMap<>();
        providers.forEach(p -> found.putIfAbsent(p.name(), p));
        return new CloudRegistry(found, environment);
    }

    /** The provider names, in class-path order. */
    public List<String> names() {
        return new ArrayList<>(providers.keySet());
    }

    /** The provider of a cloud, if its plug-in is on the class path. */
    public Optional<CloudProvider> provider(String cloud) {
        return Optional.ofNullable(providers.get(cloud));
    }

    /** The settings of a cloud: {@code SKYRUN_<CLOUD>_ENDPOINT} and friends, and the config files' {@code <cloud>:} section. */
    public CloudSettings settings(String cloud) {
        return CloudSettings.fromEnvironment(cloud, environment);
    }

    /**
     * The store behind a URI: a local directory for {@code file://}, else the store the first
     * plug-in serving its scheme opens, rooted at the URI's prefix.
     *
     * @throws dev.skyrun.schema.InvalidInputException when no plug-in serves the scheme
     */
    public ObjectStore store(StoreUri uri) {
        return Stores.open(uri, this::pluginStore);
    }

    /** The whole store (keys {@code BUCKET/KEY}) the first plug-in serving {@code scheme} opens, if any. */
    public Optional<ObjectStore> pluginStore(String scheme, StoreUri uri) {
        return names().stream().map(c -> providers.get(c).store(scheme, settings(c))).flatMap(Optional::stream).findFirst();
    }

    /** The bucket administration of {@code scheme}'s store, from the first plug-in that serves it, if any. */
    public Optional<dev.skyrun.storage.Buckets> buckets(String scheme) {
        return names().stream().map(c -> providers.get(c).buckets(scheme, settings(c))).flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * {@link #buckets}, required: the bucket admin of {@code scheme}, or a CloudException naming what is missing (for
     * {@code what}, e.g. {@code "file mount /data"}) and what to do.
     */
    public dev.skyrun.storage.Buckets requireBuckets(String scheme, String what) {
        return buckets(scheme).orElseThrow(() -> new CloudException(what + ": no plug-in administers " + scheme
                + ":// buckets here; add the cloud's module"));
    }

    /** How rclone reaches the store behind {@code scheme}, from the first plug-in that says, if any. */
    public Optional<dev.skyrun.storage.RcloneRemote> mountRemote(String scheme) {
        return names().stream().map(c -> providers.get(c).mountRemote(scheme, settings(c))).flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * The opened cloud, opening it on first use.
     *
     * @throws CloudException when no plug-in provides it
     */
    public Cloud open(String cloud) {
        return opened.computeIfAbsent(cloud, name -> provider(name)
                .orElseThrow(() -> new CloudException("no plug-in for cloud '" + name + "' on the class path (known: "
                        + String.join(", ", names()) + ")"))
                .open(settings(name)));
    }

    /** Whether {@code cloud} has been opened (and is not closed). */
    public boolean isOpen(String cloud) {
        return opened.containsKey(cloud);
    }

    @Override
    public void close() {
        opened.values().forEach(Cloud::close);
        opened.clear();
    }
}
