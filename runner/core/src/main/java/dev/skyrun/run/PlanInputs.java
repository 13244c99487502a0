package dev.skyrun.run;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.Offering;
import dev.skyrun.catalog.Selection;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.plan.PlanContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What planning reads besides the spec: the clouds that may be used, the catalog, and where
 * today's prices come from. {@link #offline} is {@code skyrun plan}'s (every cloud of the catalog,
 * the catalog's prices, nothing opened); {@link #live} is {@code skyrun launch}'s (the clouds
 * whose credentials are configured, the first candidates re-priced by their clouds).
 *
 * @param enabled the clouds other than {@code local} that may be used; empty: every cloud of the catalog
 * @param catalog loads the part of the catalog a selection names
 * @param livePrices the clouds asked for today's prices ({@link LivePrices}); empty: the catalog's prices
 * @param ownOfferings offerings of clouds no catalog lists (a Kubernetes cluster's nodes, {@link OwnOffers}), read on first use
 */
public record PlanInputs(Optional<Set<String>> enabled, Function<Selection, Catalog> catalog,
        Optional<CloudRegistry> livePrices, Supplier<List<Offering>> ownOfferings) {

    public PlanInputs {
        enabled = enabled.map(Set::copyOf);
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(livePrices, "livePrices");
        Objects.requireNonNull(ownOfferings, "ownOfferings");
    }

    /** Inputs without offerings of clouds' own. */
    public PlanInputs(Optional<Set<String>> enabled, Function<Selection, Catalog> catalog, Optional<CloudRegistry> livePrices) {
        this(enabled, catalog, livePrices, List::of);
    }

    /** These inputs with {@code offers} (read on first use) besides the catalog's. */
    public PlanInputs withOwnOfferings(Supplier<List<Offering>> offers) {
        return new PlanInputs(enabled, catalog, livePrices, offers);
    }

    /** {@code skyrun plan}: every cloud of the catalog, at the catalog's prices. */
    public static PlanInputs offline(Function<Selection, Catalog> catalog) {
        return new PlanInputs(Optional.empty(), catalog, Optional.empty());
    }

    /** {@code skyrun launch}: the {@code enabled} clouds, re-priced live by {@code clouds}. */
    public static PlanInputs live(Set<String> enabled, Function<Selection, Catalog> catalog, CloudRegistry clouds) {
        return new PlanInputs(Optional.of(enabled), catalog, Optional.of(clouds));
    }

    /** {@code skyrun launch}: the clouds of {@code clouds} enabled by {@code env} ({@link #enabledClouds}), re-priced live. */
    public static PlanInputs live(CloudRegistry clouds, Map<String, String> env, Function<Selection, Catalog> catalog) {
        return live(enabledClouds(clouds, env, userHome()), catalog, clouds)
                .withOwnOfferings(OwnOffers.offerings(OwnOffers.reader(clouds, env, userHome())));
    }

    /**
     * The remote clouds enabled here: those whose plug-in is present and that have an endpoint
     * setting ({@code SKYRUN_<CLOUD>_ENDPOINT}: a private or test endpoint) or whose plug-in says
     * their credentials are configured ({@link dev.skyrun.cloud.CloudProvider#credentialsConfigured}:
     * for {@code aws} {@code AWS_ACCESS_KEY_ID}/{@code AWS_PROFILE}/{@code ~/.aws}, for {@code gcp}
     * {@code GOOGLE_APPLICATION_CREDENTIALS}/gcloud's application default credentials). No SDK is
     * loaded to decide it; {@code skyrun check} is where credentials are tried for real.
     */
    public static Set<String> enabledClouds(CloudRegistry clouds, Map<String, String> env, Path userHome) {
        Set<String> out = new TreeSet<>();
        for (String name : clouds.names()) {
            if (!name.equals(PlanContext.LOCAL) && (clouds.settings(name).endpoint().isPresent()
                    || clouds.provider(name).map(p -> p.credentialsConfigured(env, userHome)).orElse(false))) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Opens the local cloud (its engine client, the machine's resources) and asks the engine its
     * version (the first connection) on a background thread when local is sure to be used
     * ({@code --cloud local}, or no other cloud enabled) and not open yet (the agent keeps it open
     * across launches), so that it is ready when the spec is loaded. A failure there is left for
     * the launch to report.
     */
    public static void warmLocal(CloudRegistry clouds, Map<String, String> env, Optional<String> cloud) {
        if (cloud.map(PlanContext.LOCAL::equals).orElseGet(() -> enabledClouds(clouds, env, userHome()).isEmpty())
                && clouds.provider(PlanContext.LOCAL).isPresent() && !clouds.isOpen(PlanContext.LOCAL)) {
            Thread t = new Thread(() -> {
                try {
                    clouds.open(PlanContext.LOCAL).check(); // connects to the engine too
                } catch (RuntimeException e) {
                    // the launch opens it again and reports what is wrong
                }
            }, "skyrun-open-local");
            t.setDaemon(true);
            t.start();
        }
    }

    private static Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }
}
