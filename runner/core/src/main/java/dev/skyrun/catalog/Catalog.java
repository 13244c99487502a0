package dev.skyrun.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the clouds sell, indexed for the optimizer: by cloud, by accelerator name, by
 * instance type, and the CPU-only offerings.
 *
 * <p>Immutable. Built by {@link CatalogLoader} from SkyPilot v8 {@code vms.csv} files or the
 * bundled snapshot, or by {@link #of} from offerings built in code.
 */
public final class Catalog {
    private final CatalogInfo info;
    private final List<Offering> offerings;
    private final List<Offering> cpuOnly;
    private final Map<String, List<Offering>> byAccelerator;
    private volatile Map<String, List<Offering>> byInstanceType;
    private final Map<String, List<Offering>> sorted = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, PriceOrder> byPrice = new java.util.concurrent.ConcurrentHashMap<>();
    private final SortedMap<String, SortedSet<String>> regionsByCloud;
    private final AcceleratorIndex names;
    private final List<String> knownNames;

    private Catalog(CatalogInfo info, List<Offering> offerings, Collection<String> extraNames) {
        this.info = Objects.requireNonNull(info, "info");
        this.knownNames = List.copyOf(extraNames);
        this.offerings = List.copyOf(offerings);
        List<Offering> cpu = new ArrayList<>();
        Map<String, List<Offering>> byAcc = new HashMap<>();
        SortedMap<String, SortedSet<String>> regions = new TreeMap<>();
        String lastCloud = null;
        String lastRegion = null;
        String lastAcc = null;
        List<Offering> accList = null;
        for (Offering o : this.offerings) {
            if (o.acceleratorName().isEmpty()) {
                cpu.add(o);
            } else {
                String acc = o.acceleratorName().get();
                if (acc != lastAcc) {
                    lastAcc = acc;
                    accList = byAcc.computeIfAbsent(key(acc), k -> new ArrayList<>());
                }
                accList.add(o);
            }
            if (o.region() != lastRegion || o.cloud() != lastCloud) {
                regions.computeIfAbsent(o.cloud(), c -> new TreeSet<>()).add(o.region());
                lastCloud = o.cloud();
                lastRegion = o.region();
            }
        }
        this.cpuOnly = List.copyOf(cpu);
        this.byAccelerator = freeze(byAcc);
        regions.replaceAll((c, s) -> Collections.unmodifiableSortedSet(s));
        this.regionsByCloud = Collections.unmodifiableSortedMap(regions);
        List<String> allNames = new ArrayList<>(extraNames);
        byAcc.values().forEach(list -> allNames.add(list.get(0).acceleratorName().orElseThrow()));
        this.names = AcceleratorIndex.of(allNames);
    }

    /** A catalog of the given offerings. */
    public static Catalog of(CatalogInfo info, List<Offering> offerings) {
        return new Catalog(info, offerings, List.of());
    }

    /** A catalog of the given offerings that also knows accelerator names no offering carries. */
    public static Catalog of(CatalogInfo info, List<Offering> offerings, Collection<String> knownNames) {
        return new Catalog(info, offerings, knownNames);
    }

    /**
     * This catalog with today's prices: each offering with the same cloud, instance type, region
     * and zone as one of {@code live} takes that one's on-demand and spot prices. Offerings
     * {@code live} does not name keep theirs; {@code live} offerings the catalog lacks are ignored.
     */
    public Catalog repriced(List<Offering> live) {
        Map<List<Object>, Offering> byPlace = new HashMap<>();
        live.forEach(o -> byPlace.put(place(o), o));
        List<Offering> out = new ArrayList<>(offerings.size());
        for (Offering o : offerings) {
            Offering l = byPlace.get(place(o));
            out.add(l == null ? o : new Offering(o.cloud(), o.instanceType(), o.acceleratorName(), o.acceleratorCount(),
                    o.vcpus(), o.memoryGib(), l.onDemandPrice(), l.spotPrice(), o.region(), o.zone()));
        }
        return new Catalog(info, out, knownNames);
    }

    private static List<Object> place(Offering o) {
        return List.of(o.cloud(), o.instanceType(), o.region(), o.zone(), o.acceleratorName(), o.acceleratorCount());
    }

    private static Map<String, List<Offering>> freeze(Map<String, List<Offering>> m) {
        Map<String, List<Offering>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Where this catalog came from, its version and digest. */
    public CatalogInfo info() {
        return info;
    }

    /** Every offering, in file order. */
    public List<Offering> offerings() {
        return offerings;
    }

    /** Offerings without accelerators, in name order (cloud, region, zone, instance type). */
    public List<Offering> cpuOnly() {
        return sorted.computeIfAbsent("cpu:", k -> NameOrder.sorted(cpuOnly));
    }

    /** Offerings without accelerators on one cloud, in name order. */
    public List<Offering> cpuOnly(String cloud) {
        List<Offering> all = cpuOnly();
        return sorted.computeIfAbsent("cpu:" + cloud, k -> all.stream().filter(o -> o.cloud().equals(cloud)).toList());
    }

    /** The offerings of {@link #cpuOnly(String)} (or {@link #cpuOnly()} when {@code cloud} is empty) by spot or on-demand price. */
    public PriceOrder cpuOnlyByPrice(Optional<String> cloud, boolean spot) {
        String key = (spot ? "spot:" : "on-demand:") + cloud.orElse("");
        PriceOrder order = byPrice.get(key);
        if (order == null) {
            order = PriceOrder.of(cloud.map(this::cpuOnly).orElseGet(this::cpuOnly), spot);
            byPrice.putIfAbsent(key, order);
        }
        return order;
    }

    /**
     * Offerings carrying the named accelerator (any count), in name order (cloud, region, zone,
     * instance type, count); the name is matched case-insensitively.
     */
    public List<Offering> withAccelerator(String name) {
        String k = key(name);
        List<Offering> list = byAccelerator.get(k);
        return list == null ? List.of() : sorted.computeIfAbsent("acc:" + k, x -> NameOrder.sorted(list));
    }

    /** Offerings of one instance type, matched case-insensitively, in name order. */
    public List<Offering> withInstanceType(String instanceType) {
        Map<String, List<Offering>> index = byInstanceType;
        if (index == null) {
            Map<String, List<Offering>> byType = new HashMap<>();
            for (Offering o : offerings) {
                byType.computeIfAbsent(key(o.instanceType()), k -> new ArrayList<>()).add(o);
            }
            byType.replaceAll((t, list) -> NameOrder.sorted(list));
            index = freeze(byType);
            byInstanceType = index;
        }
        return index.getOrDefault(key(instanceType), List.of());
    }

    /** The clouds that have offerings, sorted. */
    public SortedSet<String> clouds() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(regionsByCloud.keySet()));
    }

    /** The regions of a cloud, sorted; empty for an unknown cloud. */
    public SortedSet<String> regions(String cloud) {
        return regionsByCloud.getOrDefault(cloud, Collections.emptySortedSet());
    }

    /** The accelerator names this catalog knows. */
    public AcceleratorIndex acceleratorNames() {
        return names;
    }

    /** The canonical spelling of an accelerator name (case-insensitive, aliases), if known. */
    public Optional<String> canonicalAccelerator(String name) {
        return names.canonical(name);
    }

    /** For one accelerator: per cloud, the counts per instance that are offered, ascending. */
    public SortedMap<String, SortedSet<Double>> acceleratorCounts(String name) {
        SortedMap<String, SortedSet<Double>> out = new TreeMap<>();
        for (Offering o : withAccelerator(name)) {
            out.computeIfAbsent(o.cloud(), c -> new TreeSet<>()).add(o.acceleratorCount());
        }
        return out;
    }
}
