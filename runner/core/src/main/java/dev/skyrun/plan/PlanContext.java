package dev.skyrun.plan;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.Offering;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the optimizer plans against: the catalog, offerings plug-ins add (the local Docker engine
 * as cloud {@code local}, live prices), the clouds that may be used and the blocked places.
 *
 * <p>The {@code local} cloud never competes on price: its offerings are used only when a request
 * pins {@code cloud: local}, or when no other cloud is enabled.
 *
 * @param catalog the catalog
 * @param extraOfferings offerings beyond the catalog's, e.g. the local machine (price 0)
 * @param enabledClouds clouds that may be used (for {@code plan}, every catalog cloud; for
 *     {@code launch}, those with credentials)
 * @param blocked places not to use
 */
public record PlanContext(Catalog catalog, List<Offering> extraOfferings, Set<String> enabledClouds,
        List<BlockedPlacement> blocked) {

    /** The cloud name of the local Docker engine. */
    public static final String LOCAL = "local";

    public PlanContext {
        Objects.requireNonNull(catalog, "catalog");
        extraOfferings = List.copyOf(extraOfferings);
        enabledClouds = Set.copyOf(enabledClouds);
        blocked = List.copyOf(blocked);
    }

    /** Every cloud of the catalog and of the extra offerings enabled, nothing blocked. */
    public static PlanContext of(Catalog catalog, List<Offering> extraOfferings) {
        SortedSet<String> clouds = new TreeSet<>(catalog.clouds());
        extraOfferings.forEach(o -> clouds.add(o.cloud()));
        return new PlanContext(catalog, extraOfferings, clouds, List.of());
    }

    /** The same context with more places blocked. */
    public PlanContext blocking(List<BlockedPlacement> more) {
        List<BlockedPlacement> all = new java.util.ArrayList<>(blocked);
        all.addAll(more);
        return new PlanContext(catalog, extraOfferings, enabledClouds, all);
    }

    /**
     * Whether offerings of {@code cloud} may be used: an enabled cloud, or {@code local} when the
     * request pins it ({@code pinsLocal}) or no other cloud is enabled.
     */
    boolean enables(String cloud, boolean pinsLocal) {
        return cloud.equals(LOCAL) ? pinsLocal || !anyRemoteCloud() : enabledClouds.contains(cloud);
    }

    /** Whether any cloud other than {@code local} is enabled. */
    boolean anyRemoteCloud() {
        return enabledClouds.stream().anyMatch(c -> !c.equals(LOCAL));
    }
}
