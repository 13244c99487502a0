package dev.skyrun.run;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogInfo;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.Placement;
import dev.skyrun.plan.LocalOffering;
import dev.skyrun.plan.Optimizer;
import dev.skyrun.plan.PlanContext;
import dev.skyrun.plan.RequestScope;
import dev.skyrun.plan.TaskPlan;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.Spec;
import dev.skyrun.spec.TaskSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where a spec's tasks run, best first: the one planning path of skyrun. {@code skyrun plan}
 * prints what it answers over {@link PlanInputs#offline} inputs, and {@code skyrun launch}'s
 * controller tries, in order, what it answers over {@link PlanInputs#live} ones, so that given the
 * same enabled clouds, catalog and prices, plan shows the order launch tries.
 *
 * <p>The rules: the optimizer ranks the catalog offerings of the enabled clouds ({@code --cloud}
 * alone when given); this machine is cloud {@code local} ({@link LocalOffering#forTask}), offered
 * when the spec or {@code --cloud} names it, or when no other cloud is enabled, and never competing
 * on price with the others; with live inputs, the first candidates are re-priced by their clouds
 * ({@link LivePrices}); clouds that list their own offerings (a Kubernetes cluster's nodes,
 * {@link PlanInputs#ownOfferings}) are ranked with the catalog's. The catalog is read once, for the whole spec, and not at all when no task
 * can use a catalog cloud (a local launch reads no catalog).
 *
 * <pre>{@code
 * LaunchPlanner planner = new LaunchPlanner(Optional.of(spec), Location.of(file), Optional.empty(),
 *         PlanInputs.offline(catalogOptions::load));
 * List<TaskPlan> plans = planner.plan();            // what `skyrun plan` prints
 * new RunController(state, clouds, planner);        // what `skyrun launch` tries (live inputs)
 * }</pre>
 */
public final class LaunchPlanner implements Planner {

    private static final Catalog NO_CATALOG = Catalog.of(new CatalogInfo("none", "none", ""), List.of());

    private final Optional<Spec> spec;
    private final Location where;
    private final Optional<String> cloud;
    private final PlanInputs inputs;
    private Catalog catalog;
    private volatile java.time.Instant plannedAt = java.time.Instant.now();

    /**
     * A planner of {@code spec}.
     *
     * @param spec the spec whose tasks are planned; empty: each task as it comes (a resumed run's)
     * @param where the spec's location, named in the error when nothing can run a task
     * @param cloud {@code --cloud}, over the tasks' clouds
     * @param inputs the enabled clouds, the catalog and the prices
     */
    public LaunchPlanner(Optional<Spec> spec, Location where, Optional<String> cloud, PlanInputs inputs) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.where = Objects.requireNonNull(where, "where");
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
    }

    /** Each task's plan (a pipeline's stages in declaration order): what {@code skyrun plan} prints. */
    public List<TaskPlan> plan() {
        Spec s = spec.orElseThrow(() -> new IllegalStateException("no spec to plan"));
        return switch (s) {
            case TaskSpec t -> List.of(taskPlan(t, cloud));
            case PipelineSpec p -> Optimizer.planStages(p, t -> taskPlan(t, cloud));
        };
    }

    /**
     * The placements of {@code task} in the order to try them.
     *
     * @param cloud {@code --cloud} as the run records it, over the planner's
     * @throws InvalidInputException when the cloud asked for is not enabled
     * @throws InvalidInputException when nothing can run the task
     */
    @Override
    public List<Placement> plan(TaskSpec task, Optional<String> cloud) {
        return taskPlan(task, cloud.or(() -> this.cloud)).placements();
    }

    /**
     * The price {@code p} is launched at: {@code local} for this machine, {@code catalog VERSION}
     * where the catalog sells it at that price, else {@code live CLOUD} (its cloud re-priced it);
     * quoted when the plan was last made.
     */
    @Override
    public PriceQuote quote(Placement p) {
        if (p.cloud().equals(PlanContext.LOCAL)) {
            return new PriceQuote(p.pricePerNode(), PlanContext.LOCAL, plannedAt);
        }
        Catalog c;
        synchronized (this) {
            c = catalog;
        }
        boolean listed = c != null && c.withInstanceType(p.instanceType()).stream()
                .filter(o -> o.cloud().equals(p.cloud()) && o.region().equals(p.region()))
                .anyMatch(o -> o.price(p.spot()).orElse(Double.NaN) == p.pricePerNode());
        String source = listed ? "catalog " + c.info().version() : "live " + p.cloud();
        return new PriceQuote(p.pricePerNode(), source, plannedAt);
    }

    /**
     * With live inputs and no {@code --cloud}: the cheapest placement of each cloud of the catalog
     * that is not enabled here and is cheaper than {@code chosen}, from an offline plan of the task
     * over every cloud of the catalog (read once more, for the clouds the task may use). None for a
     * launch on this machine, a pinned cloud or {@code --cloud}.
     */
    @Override
    public List<Placement> cheaperNotEnabled(TaskSpec task, Optional<String> cloud, Placement chosen) {
        Optional<Set<String>> enabled = inputs.enabled();
        if (enabled.isEmpty() || chosen.cloud().equals(PlanContext.LOCAL) || cloud.or(() -> this.cloud).isPresent()
                || task.resources().cloud().isPresent()) {
            return List.of(); // a local launch reads no catalog; a pinned cloud is the user's choice
        }
        List<Placement> offline;
        try {
            Catalog all = inputs.catalog().apply(RequestScope.of(spec.orElse(task), Set.of()));
            offline = new Optimizer(new PlanContext(all, List.of(), all.clouds(), List.of())).plan(task, where).placements();
        } catch (RuntimeException e) {
            return List.of(); // what was passed over is worth saying, never worth failing a launch for
        }
        java.util.Map<String, Placement> cheapest = new java.util.LinkedHashMap<>();
        offline.stream().filter(p -> !enabled.get().contains(p.cloud()) && !p.cloud().equals(PlanContext.LOCAL)
                        && p.pricePerHour() < chosen.pricePerHour())
                .sorted(java.util.Comparator.comparingDouble(Placement::pricePerHour))
                .forEach(p -> cheapest.putIfAbsent(p.cloud(), p));
        return List.copyOf(cheapest.values());
    }

    /** The catalog planned against, read on first use (an empty one when no task can use a catalog cloud). */
    public synchronized Catalog catalog() {
        return catalog(spec.orElseThrow(() -> new IllegalStateException("no spec to plan")));
    }

    private TaskPlan taskPlan(TaskSpec task, Optional<String> cloud) {
        inputs.enabled().ifPresent(enabled -> requireEnabled(task, cloud, enabled));
        Catalog c;
        synchronized (this) {
            c = catalog(spec.orElse(task));
        }
        PlanContext context = context(task, cloud, c);
        plannedAt = java.time.Instant.now();
        return inputs.livePrices().map(clouds -> LivePrices.plan(task, where, context, clouds))
                .orElseGet(() -> new Optimizer(context).plan(task, where));
    }

    /** The cloud a task asks for ({@code --cloud}, else its own) must be enabled, unless it is local. */
    private static void requireEnabled(TaskSpec task, Optional<String> cloud, Set<String> enabled) {
        Optional<String> wanted = cloud.or(() -> task.resources().cloud());
        if (wanted.isPresent() && !wanted.get().equals(PlanContext.LOCAL) && !enabled.contains(wanted.get())) {
            throw new InvalidInputException("cloud '" + wanted.get() + "' is not enabled here (enabled: "
                    + (enabled.isEmpty() ? "none" : String.join(", ", enabled)) + "); configure its credentials,"
                    + " or run on this machine with --cloud local");
        }
    }

    /**
     * The optimizer's context for {@code task}: the enabled clouds ({@code --cloud} alone when
     * given), and this machine when the spec or {@code --cloud} names local, or nothing else is enabled.
     */
    private PlanContext context(TaskSpec task, Optional<String> cloud, Catalog c) {
        boolean local = cloud.map(PlanContext.LOCAL::equals)
                .orElseGet(() -> RequestScope.names(spec.orElse(task), PlanContext.LOCAL)
                        || inputs.enabled().map(Set::isEmpty).orElse(false));
        List<Offering> extra = new java.util.ArrayList<>(local ? LocalOffering.forTask(task) : List.of());
        if (cloud.map(name -> !name.equals(PlanContext.LOCAL)).orElse(true)) {
            extra.addAll(inputs.ownOfferings().get());
        }
        if (cloud.isPresent()) {
            return new PlanContext(c, extra, Set.of(cloud.get()), List.of());
        }
        SortedSet<String> enabled = new TreeSet<>(inputs.enabled().orElseGet(c::clouds));
        extra.forEach(o -> enabled.add(o.cloud()));
        return new PlanContext(c, extra, enabled, List.of());
    }

    /** Reads the catalog {@code scope} needs, once; none when no task of it can use a catalog cloud. */
    private Catalog catalog(Spec scope) {
        if (catalog == null) {
            Set<String> allowed = cloud.map(Set::of).orElseGet(() -> inputs.enabled().orElse(Set.of()));
            catalog = usesNoCatalogCloud(scope, allowed) ? NO_CATALOG
                    : inputs.catalog().apply(RequestScope.of(scope, allowed));
        }
        return catalog;
    }

    /**
     * Whether no task can use a catalog cloud: with live inputs, when no remote cloud is enabled
     * (or {@code --cloud local}), or every task pins local. {@code plan} always reads the catalog
     * (it shows which one it planned against).
     */
    private boolean usesNoCatalogCloud(Spec scope, Set<String> allowed) {
        if (inputs.enabled().isEmpty()) {
            return false;
        }
        if (allowed.isEmpty() || allowed.equals(Set.of(PlanContext.LOCAL))) {
            return true;
        }
        Set<String> clouds = RequestScope.clouds(scope, allowed);
        return clouds.stream().allMatch(c -> c.equals(RequestScope.NONE) || c.equals(PlanContext.LOCAL));
    }
}
