package dev.skyrun.plan;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.cloud.NodeOptions;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.Accelerators;
import dev.skyrun.spec.DiskTier;
import dev.skyrun.spec.PortRange;
import dev.skyrun.spec.Quantity;
import dev.skyrun.spec.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One fully specified way to satisfy a {@code resources:} block: an {@code any_of} or
 * {@code ordered} entry merged over its parent, with one accelerator choice and one kind of
 * capacity. Alternatives with a lower rank are tried first; equal ranks compete on price.
 *
 * @param rank order of preference (0 first)
 * @param label what this alternative asks for, for a plan's "why" column
 * @param cloud cloud, if pinned
 * @param region region, if pinned
 * @param zone zone, if pinned
 * @param accelerator accelerator (canonical name when the catalog knows it), if any
 * @param cpus vCPUs per node, if asked
 * @param memory memory GiB per node, if asked
 * @param instanceType instance type, if pinned
 * @param spot spot capacity
 * @param maxHourlyCost upper bound of $/h per node, if any
 * @param defaultSize whether the size is SkyPilot's default (nothing asked)
 * @param options the image, ports and disk tier this alternative's nodes get
 */
record Alternative(int rank, String label, Optional<String> cloud, Optional<String> region, Optional<String> zone,
        Optional<AcceleratorChoice> accelerator, Optional<Quantity> cpus, Optional<Quantity> memory,
        Optional<String> instanceType, boolean spot, Optional<Double> maxHourlyCost, boolean defaultSize,
        NodeOptions options) {

    /**
     * SkyPilot's size of a node when a task asks for no accelerator, instance type, vCPUs or memory: 8+ vCPUs and
     * 32+ GiB (its default instance). The local machine is taken as it is ({@link #defaultSize}).
     */
    static final Quantity DEFAULT_CPUS = new Quantity(8, true);
    static final Quantity DEFAULT_MEMORY = new Quantity(32, true);

    private static final int ENTRY_STRIDE = 1000;

    /** Expands {@code resources} into its alternatives, names canonicalised through {@code catalog}. */
    static List<Alternative> expand(Resources resources, Catalog catalog) {
        return expand(resources, Optional.empty(), catalog);
    }

    /**
     * Expands {@code resources} into its alternatives; {@code taskImage} (the task's own {@code image:})
     * is every alternative's image, else each runs the {@code docker:} image its merged {@code image_id} names.
     */
    static List<Alternative> expand(Resources resources, Optional<String> taskImage, Catalog catalog) {
        List<Resources> entries;
        boolean ordered = !resources.ordered().isEmpty();
        if (ordered) {
            entries = resources.ordered();
        } else if (!resources.anyOf().isEmpty()) {
            entries = resources.anyOf();
        } else {
            entries = List.of(resources);
        }
        List<Alternative> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Resources merged = entries.get(i) == resources ? resources : merge(resources, entries.get(i));
            String prefix = entries.size() == 1 ? "" : (ordered ? "ordered #" : "any_of #") + (i + 1) + ": ";
            NodeOptions options = options(merged, taskImage);
            out.addAll(ofEntry(merged, ordered ? i * ENTRY_STRIDE : 0, prefix, catalog).stream()
                    .map(a -> a.with(options)).toList());
        }
        return out;
    }

    private static List<Alternative> ofEntry(Resources r, int baseRank, String prefix, Catalog catalog) {
        boolean spot = r.useSpot().orElse(false);
        if (r.accelerators().isEmpty()) {
            return List.of(of(r, baseRank, prefix, Optional.empty(), spot));
        }
        Accelerators acc = r.accelerators().get();
        List<Alternative> out = new ArrayList<>();
        for (int j = 0; j < acc.choices().size(); j++) {
            AcceleratorChoice c = acc.choices().get(j);
            AcceleratorChoice canonical = new AcceleratorChoice(catalog.canonicalAccelerator(c.name()).orElse(c.name()),
                    c.count());
            int rank = baseRank + (acc.preference() == Accelerators.Preference.ORDERED ? j : 0);
            String p = acc.preference() == Accelerators.Preference.ORDERED && acc.choices().size() > 1
                    ? prefix + "accelerator #" + (j + 1) + ": " : prefix;
            out.add(of(r, rank, p, Optional.of(canonical), spot));
        }
        return out;
    }

    private static Alternative of(Resources r, int rank, String prefix, Optional<AcceleratorChoice> acc, boolean spot) {
        boolean defaultSize = acc.isEmpty() && r.instanceType().isEmpty() && r.cpus().isEmpty() && r.memory().isEmpty()
                && !PlanContext.LOCAL.equals(r.cloud().orElse(null));
        Optional<Quantity> cpus = defaultSize ? Optional.of(DEFAULT_CPUS) : r.cpus();
        Optional<Quantity> memory = defaultSize ? Optional.of(DEFAULT_MEMORY) : r.memory();
        List<String> parts = new ArrayList<>();
        acc.ifPresent(a -> parts.add(a.toString()));
        r.instanceType().ifPresent(parts::add);
        cpus.ifPresent(c -> parts.add("cpus " + c));
        memory.ifPresent(m -> parts.add("memory " + m));
        r.cloud().ifPresent(c -> parts.add(c + r.region().map(x -> "/" + x).orElse("") + r.zone().map(z -> "/" + z).orElse("")));
        String label = prefix + String.join(" ", parts) + (defaultSize ? " (SkyPilot's default size)" : "")
                + (spot ? ", spot" : ", on-demand");
        return new Alternative(rank, label, r.cloud(), r.region(), r.zone(), acc, cpus, memory,
                r.instanceType(), spot, r.maxHourlyCost(), defaultSize, NodeOptions.DEFAULTS);
    }

    private Alternative with(NodeOptions o) {
        return new Alternative(rank, label, cloud, region, zone, accelerator, cpus, memory, instanceType, spot,
                maxHourlyCost, defaultSize, o);
    }

    /** The image, ports and disk tier of a merged entry; ports and tiers the checks refused are left out. */
    private static NodeOptions options(Resources r, Optional<String> taskImage) {
        Optional<String> image = taskImage.or(r::containerImage);
        List<PortRange> ports = r.ports().stream().map(PortRange::parse).flatMap(Optional::stream).toList();
        return new NodeOptions(image, ports, r.diskTier().flatMap(DiskTier::parse));
    }

    /** {@code child} over {@code parent}: each field the child sets wins; the child's own alternatives are ignored. */
    static Resources merge(Resources parent, Resources child) {
        boolean childPinsPlace = child.cloud().isPresent() || child.region().isPresent();
        return new Resources(
                child.cloud().or(parent::cloud),
                child.region().or(() -> child.cloud().isPresent() ? Optional.empty() : parent.region()),
                child.zone().or(() -> childPinsPlace ? Optional.empty() : parent.zone()),
                child.accelerators().or(parent::accelerators),
                child.acceleratorArgs().isEmpty() ? parent.acceleratorArgs() : child.acceleratorArgs(),
                child.cpus().or(parent::cpus),
                child.memory().or(parent::memory),
                child.instanceType().or(parent::instanceType),
                child.useSpot().or(parent::useSpot),
                child.diskSize().or(parent::diskSize),
                child.diskTier().or(parent::diskTier),
                child.imageId().or(parent::imageId),
                child.ports().isEmpty() ? parent.ports() : child.ports(),
                child.labels().isEmpty() ? parent.labels() : child.labels(),
                child.maxHourlyCost().or(parent::maxHourlyCost),
                List.of(),
                List.of(),
                child.jobRecovery().or(parent::jobRecovery));
    }
}
