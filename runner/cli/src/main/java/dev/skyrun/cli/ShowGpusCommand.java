package dev.skyrun.cli;

import dev.skyrun.catalog.AcceleratorOffers;
import dev.skyrun.catalog.AcceleratorText;
import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.Offering;
import dev.skyrun.catalog.Selection;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.LiveOffer;
import dev.skyrun.run.OwnOffers;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skyrun show-gpus [NAME[:COUNT]]}: accelerators, the counts offered and the cheapest offers per cloud; with a
 * Kubernetes cluster configured, its nodes' accelerators too, with how many are free now.
 */
@Command(name = "show-gpus", sortOptions = false,
        description = {"List accelerators: counts and cheapest offers per cloud.",
            "GPUs, TPUs, Trainium and Inferentia."},
        footer = {
            "  skyrun show-gpus                       every accelerator, per cloud: counts and the cheapest offer",
            "  skyrun show-gpus A100:8                each instance type with 8 A100s, cheapest first",
            "  skyrun show-gpus H100 --cloud gcp --spot",
            "  skyrun show-gpus L4 --region us-central1 -o json",
        })
final class ShowGpusCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME[:COUNT]",
            description = "An accelerator, optionally with a count per instance, e.g. A100:8.")
    String accelerator;

    @Option(names = "--cloud", paramLabel = "CLOUD", description = "Only this cloud.")
    String cloud;

    @Option(names = "--region", paramLabel = "REGION", description = "Only this region.")
    String region;

    @Option(names = "--spot", description = "Spot prices (offers without spot are left out).")
    boolean spot;

    @Mixin
    CatalogOptions catalogOptions;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Set<String> clouds = cloud == null ? Set.of() : Set.of(cloud);
        if (accelerator == null) {
            Catalog catalog = catalogOptions.load(new Selection(clouds.isEmpty() ? c -> true : clouds::contains,
                    a -> !a.isEmpty()));
            List<AcceleratorOffers.Summary> rows = AcceleratorOffers.summaries(catalog, Optional.ofNullable(region), spot);
            output.print(output.out(), GpuView.ofSummaries(catalog.info(), spot, rows).with(own(o -> true)), GpuText::render);
            return ExitCode.OK;
        }
        AcceleratorText written = AcceleratorText.parse(accelerator);
        if (written.badCount()) {
            throw new InvalidInputException("'" + written.count().orElse("") + "' is not a count; write NAME:COUNT, e.g. A100:8");
        }
        String name = written.name();
        OptionalDouble count = written.countValue();
        Catalog catalog = catalogOptions.load(Selection.of(clouds, Set.of(name), false));
        List<LiveOffer> own = own(o -> o.acceleratorName().orElse("").equalsIgnoreCase(catalog.canonicalAccelerator(name).orElse(name))
                && (count.isEmpty() || o.acceleratorCount() == count.getAsDouble()));
        String canonical = catalog.canonicalAccelerator(name).or(() -> own.stream().findFirst()
                .flatMap(o -> o.offering().acceleratorName())).orElseThrow(() -> unknown(name, catalog));
        List<AcceleratorOffers.TypeOffer> rows = AcceleratorOffers.offers(catalog, canonical, count,
                Optional.ofNullable(region), spot);
        output.print(output.out(), GpuView.ofOffers(catalog.info(), spot, canonical, rows).with(own), GpuText::render);
        return ExitCode.OK;
    }

    /**
     * The accelerator offers of clouds that list their own machines (a Kubernetes cluster's nodes, with free
     * counts) matching the options and {@code wanted}; none when no such cloud is configured.
     */
    private List<LiveOffer> own(Predicate<Offering> wanted) {
        try (CloudRegistry registry = CloudRegistry.load(output.context().env())) {
            return OwnOffers.reader(registry, output.context().env(), Path.of(System.getProperty("user.home"))).get().stream()
                    .filter(o -> o.offering().acceleratorName().isPresent() && wanted.test(o.offering()))
                    .filter(o -> cloud == null || cloud.equals(o.offering().cloud()))
                    .filter(o -> region == null || region.equals(o.offering().region()))
                    .filter(o -> !spot || o.offering().spotPrice().isPresent()).toList();
        }
    }

    private static InvalidInputException unknown(String name, Catalog catalog) {
        List<String> near = catalog.acceleratorNames().suggestions(name);
        return new InvalidInputException(Problem.of(new Location("show-gpus", 0, 0),
                "unknown accelerator '" + name + "'", near.isEmpty() ? "run 'skyrun show-gpus' to list them"
                        : "did you mean " + String.join(", ", near) + "?"));
    }
}
