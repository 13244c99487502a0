package dev.skyrun.cli;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.Selection;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.plan.PlanContext;
import dev.skyrun.run.LivePrices;
import dev.skyrun.run.Planner;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.TaskSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How {@code launch} plans: {@code local} (this machine's Docker engine, one placement, no
 * catalog read) when the task or {@code --cloud} names it, or when no other cloud is enabled;
 * otherwise the optimizer over the catalog and the enabled clouds, best placement first, with
 * the first candidates re-priced live by their clouds ({@link LivePrices}: AWS spot prices of today).
 *
 * <p>A cloud is enabled when its plug-in is on the class path and it has an endpoint setting
 * ({@code SKYRUN_<CLOUD>_ENDPOINT}: a private or test endpoint) or its plug-in says its
 * credentials are configured ({@link dev.skyrun.cloud.CloudProvider#credentialsConfigured}: for
 * {@code aws} {@code AWS_ACCESS_KEY_ID}/{@code AWS_PROFILE}/{@code ~/.aws}, for {@code gcp}
 * {@code GOOGLE_APPLICATION_CREDENTIALS}/gcloud's application default credentials). No SDK is
 * loaded to decide it; {@code skyrun check} is where credentials are tried for real.
 */
final class LaunchPlanner implements Planner {

    private final CloudRegistry clouds;
    private final CatalogOptions catalogOptions;
    private final Location where;
    private final Map<String, String> env;
    private final Path userHome;
    private Catalog catalog;

    LaunchPlanner(CloudRegistry clouds, CatalogOptions catalogOptions, Location where, Map<String, String> env) {
        this.clouds = clouds;
        this.catalogOptions = catalogOptions;
        this.where = where;
        this.env = env;
        this.userHome = Path.of(System.getProperty("user.home"));
    }

    @Override
    public List<Placement> plan(TaskSpec task, Optional<String> cloud) {
        Optional<String> wanted = cloud.or(() -> task.resources().cloud());
        Set<String> enabled = enabled();
        if (wanted.map(PlanContext.LOCAL::equals).orElse(enabled.isEmpty())) {
            return Planner.localOnly().plan(task, Optional.of(PlanContext.LOCAL));
        }
        if (wanted.isPresent() && !enabled.contains(wanted.get())) {
            throw new IllegalArgumentException("cloud '" + wanted.get() + "' is not enabled here (enabled: "
                    + (enabled.isEmpty() ? "none" : String.join(", ", enabled)) + "); configure its credentials,"
                    + " or run on this machine with --cloud local");
        }
        Set<String> use = wanted.map(Set::of).orElse(enabled);
        if (catalog == null) {
            catalog = catalogOptions.load(Selection.clouds(use));
        }
        List<Placement> placements = LivePrices.plan(task, where, new PlanContext(catalog, List.of(), use, List.of()), clouds)
                .placements();
        return wanted.map(c -> placements.stream().filter(p -> p.cloud().equals(c)).toList()).orElse(placements);
    }

    /**
     * Opens the local cloud (its engine client, the machine's resources) and asks the engine its
     * version (the first connection, off the critical path) on a background thread
     * when local is sure to be used ({@code --cloud local}, or no other cloud enabled) and not
     * open yet (the agent keeps it open across launches), so that it is ready when the spec is
     * loaded. A failure there is left for the launch to report.
     */
    void warmLocal(Optional<String> cloud) {
        if (cloud.map(PlanContext.LOCAL::equals).orElseGet(() -> enabled().isEmpty())
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

    /** The remote clouds whose plug-in is present and whose credentials are configured. */
    Set<String> enabled() {
        Set<String> out = new TreeSet<>();
        for (String name : clouds.names()) {
            if (!name.equals(PlanContext.LOCAL) && configured(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private boolean configured(String cloud) {
        return clouds.settings(cloud).endpoint().isPresent()
                || clouds.provider(cloud).map(p -> p.credentialsConfigured(env, userHome)).orElse(false);
    }
}
