package dev.skyrun.run;

import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.LiveOffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The offerings of configured clouds that list their own ({@link CloudProvider#listsOwnOffers}: a
 * Kubernetes cluster's nodes). A configured cloud is one with an endpoint
 * setting or credentials its plug-in finds; one that cannot answer (an unreachable cluster) adds
 * nothing, so planning over the other clouds goes on.
 */
public final class OwnOffers {

    private OwnOffers() {}

    /** What {@code clouds} configured by {@code env} and {@code home} offer of their own, read at each call. */
    public static Supplier<List<LiveOffer>> reader(CloudRegistry clouds, Map<String, String> env, Path home) {
        return () -> {
            List<LiveOffer> out = new ArrayList<>();
            for (String name : clouds.names()) {
                CloudProvider p = clouds.provider(name).orElseThrow();
                if (p.listsOwnOffers() && (clouds.settings(name).endpoint().isPresent() || p.credentialsConfigured(env, home))) {
                    try {
                        out.addAll(clouds.open(name).ownOffers());
                    } catch (RuntimeException e) {
                        // an unreachable cluster offers nothing now; `skyrun check` says why
                    }
                }
            }
            return List.copyOf(out);
        };
    }

    /** The offerings alone, read once, on first use. */
    public static Supplier<List<Offering>> offerings(Supplier<List<LiveOffer>> offers) {
        return memoized(() -> offers.get().stream().map(LiveOffer::offering).toList());
    }

    private static <T> Supplier<T> memoized(Supplier<T> read) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = read.get();
                }
                return value;
            }
        };
    }
}
