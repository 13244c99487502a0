package dev.skyrun.cli;

import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.CatalogWriter;
import dev.skyrun.catalog.Offering;
import dev.skyrun.catalog.Selection;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.schema.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skyrun catalog refresh CLOUD}: rewrites one cloud's {@code vms.csv} from the provider's
 * public price list (AWS: Pricing API, DescribeInstanceTypes, spot price history), into
 * {@code $SKYRUN_HOME/catalogs} where plan and launch find it, or into {@code --catalog DIR}.
 * Planning stays offline: only this command talks to the provider.
 */
@Command(
        name = "refresh",
        description = {"Rewrite a cloud's vms.csv from its public prices.",
            "The SkyPilot v8 catalog, from the cloud's public price list, accelerators and spot prices.",
            "Default destination: $SKYRUN_HOME/catalogs, which plan and launch then use."},
        footer = {"  skyrun catalog refresh aws",
            "  skyrun catalog refresh aws --region us-east-1 --region us-west-2",
            "  skyrun catalog refresh aws --catalog ./catalogs && skyrun plan task.yaml --catalog ./catalogs"})
final class CatalogRefreshCommand implements Callable<Integer> {

    /** What was written. */
    record RefreshView(String cloud, Path file, List<String> regions, int offerings, long withAccelerators, long withSpot) {}

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "CLOUD", description = "The cloud whose catalog to refresh (aws).")
    String cloud;

    @Option(names = "--catalog", paramLabel = "DIR", description = "Catalog directory to write (default: $SKYRUN_HOME/catalogs).")
    Path dir;

    @Option(names = "--region", paramLabel = "REGION", description = "A region to refresh (repeatable; default: the regions "
            + "the cloud has in the catalog in use).")
    List<String> regions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = output.context().env();
        Path home = Path.of(System.getProperty("user.home"));
        Path target = dir != null ? dir : CatalogLoader.refreshedDir(env, home);
        List<String> wanted = regions.isEmpty() ? List.copyOf(CatalogLoader.load(CatalogLoader.locate(Optional.ofNullable(dir),
                env, home), Selection.clouds(Set.of(cloud)), Optional.empty()).regions(cloud)) : regions;
        try (CloudRegistry clouds = CloudRegistry.load(env)) {
            if (clouds.provider(cloud).isEmpty()) {
                throw new InvalidInputException("no plug-in for cloud '" + cloud + "' (known: " + String.join(", ", clouds.names()) + ")");
            }
            List<Offering> offerings = clouds.open(cloud).priceList(wanted);
            if (offerings.isEmpty()) {
                throw new CloudException(cloud + ": the price list has no offerings in " + wanted + "; the catalog is unchanged");
            }
            Path file = CatalogWriter.write(target, cloud, offerings);
            output.print(output.out(), new RefreshView(cloud, file, wanted, offerings.size(),
                    offerings.stream().filter(o -> o.acceleratorName().isPresent()).count(),
                    offerings.stream().filter(o -> o.spotPrice().isPresent()).count()), (out, v) -> text(out, v, dir != null));
            return ExitCode.OK;
        }
    }

    private static void text(PrintWriter out, RefreshView v, boolean custom) {
        out.printf("%s: wrote %d offerings in %d regions (%d with accelerators, %d with spot prices) to %s%n", v.cloud(),
                v.offerings(), v.regions().size(), v.withAccelerators(), v.withSpot(), v.file());
        out.println(custom ? "Plan with it: skyrun plan TASK.yaml --catalog " + v.file().getParent().getParent()
                : "plan and launch use it from now on (--catalog bundled for the snapshot in the jar).");
    }
}
