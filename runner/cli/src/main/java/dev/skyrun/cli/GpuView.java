package dev.skyrun.cli;

import dev.skyrun.catalog.AcceleratorOffers;
import dev.skyrun.catalog.CatalogInfo;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.LiveOffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code skyrun show-gpus} prints.
 *
 * @param catalog catalog version and source
 * @param spot whether prices are spot prices
 * @param accelerator the accelerator asked about, empty for the overview
 * @param rows one row per accelerator and cloud (overview) or per instance type (one accelerator)
 */
record GpuView(String catalog, boolean spot, Optional<String> accelerator, List<Row> rows) {

    /**
     * One line of the table.
     *
     * @param accelerator accelerator name
     * @param cloud cloud
     * @param counts counts per instance (overview: all offered; per type: that type's)
     * @param instanceType the cheapest instance type (overview) or the type of this row
     * @param vcpus vCPUs of that type
     * @param memoryGib memory of that type
     * @param price $/h of that offer
     * @param where the region (and zone) of that offer
     * @param places how many regions or zones offer it (per-type rows only)
     * @param free how many are free now, of how many ({@code 3 of 4}), for a cloud that lists its own machines (Kubernetes)
     */
    record Row(String accelerator, String cloud, String counts, String instanceType, double vcpus, double memoryGib,
            double price, String where, Optional<Integer> places, Optional<String> free) {}

    static GpuView ofSummaries(CatalogInfo info, boolean spot, List<AcceleratorOffers.Summary> summaries) {
        List<Row> rows = summaries.stream().map(s -> new Row(s.accelerator(), s.cloud(),
                s.counts().stream().map(GpuView::number).collect(Collectors.joining(",")),
                s.cheapest().instanceType(), s.cheapest().vcpus(), s.cheapest().memoryGib(),
                PlanView.round(s.price()), where(s.cheapest()), Optional.empty(), Optional.empty())).toList();
        return new GpuView(label(info), spot, Optional.empty(), rows);
    }

    static GpuView ofOffers(CatalogInfo info, boolean spot, String accelerator, List<AcceleratorOffers.TypeOffer> offers) {
        List<Row> rows = offers.stream().map(t -> new Row(accelerator, t.offering().cloud(),
                number(t.offering().acceleratorCount()), t.offering().instanceType(), t.offering().vcpus(),
                t.offering().memoryGib(), PlanView.round(t.price()), where(t.offering()), Optional.of(t.regions()), Optional.empty()))
                .toList();
        return new GpuView(label(info), spot, Optional.of(accelerator), rows);
    }

    /** This view with rows of clouds' own machines ({@link LiveOffer}s) after the catalog's. */
    GpuView with(List<LiveOffer> own) {
        List<Row> all = new java.util.ArrayList<>(rows);
        if (accelerator.isEmpty()) {
            Map<List<String>, List<LiveOffer>> byPlace = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
            own.forEach(o -> byPlace.computeIfAbsent(List.of(o.offering().acceleratorName().orElse(""), o.offering().cloud(),
                    where(o.offering())), k -> new java.util.ArrayList<>()).add(o));
            byPlace.values().forEach(offers -> {
                LiveOffer first = offers.get(0);
                Offering o = first.offering();
                all.add(new Row(o.acceleratorName().orElse(""), o.cloud(), offers.stream().map(x -> number(x.offering().acceleratorCount()))
                        .collect(Collectors.joining(",")), o.instanceType(), o.vcpus(), o.memoryGib(),
                        PlanView.round(o.price(spot).orElse(o.onDemandPrice())), where(o), Optional.empty(), Optional.of(free(first))));
            });
        } else {
            own.forEach(x -> all.add(new Row(accelerator.get(), x.offering().cloud(), number(x.offering().acceleratorCount()),
                    x.offering().instanceType(), x.offering().vcpus(), x.offering().memoryGib(),
                    PlanView.round(x.offering().price(spot).orElse(x.offering().onDemandPrice())), where(x.offering()), Optional.of(1),
                    Optional.of(free(x)))));
        }
        return new GpuView(catalog, spot, accelerator, all);
    }

    private static String free(LiveOffer o) {
        return o.free() + " of " + o.accelerators();
    }

    private static String label(CatalogInfo info) {
        return info.version() + " from " + info.source() + " (sha256:" + info.sha256().substring(0, 12) + ")";
    }

    private static String where(Offering o) {
        return o.region() + o.zone().map(z -> "/" + z).orElse("");
    }

    static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
